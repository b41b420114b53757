using ClusterSim.Engine;

namespace ClusterSim.Engine.Tests;

public sealed class SimDurationTests
{
    [Theory]
    [InlineData("2 us", 2_000)]
    [InlineData("1.5 ms", 1_500_000)]
    [InlineData("10 m", 600_000_000_000)]
    [InlineData("250ns", 250)]
    [InlineData("5e-3 s", 5_000_000)]
    public void Parse_human_units_gives_exact_nanoseconds(string text, long expectedNs)
    {
        Assert.Equal(expectedNs, SimDuration.Parse(text).Nanoseconds);
    }

    [Theory]
    [InlineData("2")]
    [InlineData("2 usec")]
    [InlineData("fast")]
    public void Parse_refuses_missing_or_unknown_units_and_names_the_accepted_ones(string text)
    {
        var error = Assert.Throws<FormatException>(() => SimDuration.Parse(text));
        Assert.Contains("ms", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_uses_the_most_readable_unit()
    {
        Assert.Equal("1.5 ms", SimDuration.FromMicroseconds(1500).ToString());
        Assert.Equal("250 ns", SimDuration.FromNanoseconds(250).ToString());
    }

    [Fact]
    public void Multiplying_by_a_real_factor_rounds_to_the_nearest_nanosecond()
    {
        // 1,001 ns * 1.5 = 1,501.5 ns, rounded away from zero to 1,502 ns; 3 * 2 stays exact as a whole factor.
        Assert.Equal(1_502, (SimDuration.FromNanoseconds(1_001) * 1.5).Nanoseconds);
        Assert.Equal(1_502, (1.5 * SimDuration.FromNanoseconds(1_001)).Nanoseconds);
        Assert.Equal(6, (SimDuration.FromNanoseconds(3) * 2).Nanoseconds);
    }
}
