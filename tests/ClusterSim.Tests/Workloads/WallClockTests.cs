using ClusterSim.Workloads.Traces;

namespace ClusterSim.Tests.Workloads;

public sealed class WallClockTests
{
    [Theory]
    [InlineData("2023-11-16 18:17:03.9799600", "2023-11-16T18:17:03.9799600Z")]
    [InlineData("2024-05-10 00:00:00.009930+00:00", "2024-05-10T00:00:00.009930Z")]
    [InlineData("2024-05-10 02:00:00.5+02:00", "2024-05-10T00:00:00.5Z")]
    [InlineData("2024-02-29T23:59:59Z", "2024-02-29T23:59:59Z")]
    [InlineData("1970-01-01 00:00:00", "1970-01-01T00:00:00Z")]
    public void Parses_trace_timestamps_to_unix_nanoseconds(string text, string iso)
    {
        var expected = (DateTimeOffset.Parse(iso, System.Globalization.CultureInfo.InvariantCulture) - DateTimeOffset.UnixEpoch).Ticks * 100;
        Assert.True(WallClock.TryParseUnixNanoseconds(text, out var ns));
        Assert.Equal(expected, ns);
    }

    [Fact]
    public void Keeps_nanosecond_fractions()
    {
        Assert.True(WallClock.TryParseUnixNanoseconds("1970-01-01 00:00:01.123456789", out var ns));
        Assert.Equal(1_123_456_789, ns);
    }

    [Theory]
    [InlineData("")]
    [InlineData("2023-11-16")]
    [InlineData("2023-13-16 18:17:03")]
    [InlineData("2023-02-30 18:17:03")]
    [InlineData("2023-11-16 24:00:00")]
    [InlineData("2023-11-16 18:17:03.")]
    [InlineData("2023-11-16 18:17:03.1234567890")]
    [InlineData("2023-11-16 18:17:03 UTC")]
    [InlineData("2023-11-16 18:17:03+0000")]
    [InlineData("20x3-11-16 18:17:03")]
    public void Refuses_malformed_timestamps(string text) => Assert.False(WallClock.TryParseUnixNanoseconds(text, out _));
}
