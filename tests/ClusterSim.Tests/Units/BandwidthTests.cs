using ClusterSim.Units;

namespace ClusterSim.Tests.Units;

public sealed class BandwidthTests
{
    [Theory]
    [InlineData("4.8 TB/s", 4.8e12)]
    [InlineData("900 GB/s", 900e9)]
    [InlineData("1 GiB/s", 1024.0 * 1024 * 1024)]
    // Bits are divided by 8: 400 Gb/s = 400e9 / 8 = 50e9 bytes/s.
    [InlineData("400 Gb/s", 50e9)]
    [InlineData("400 Gbps", 50e9)]
    [InlineData("100 Mbps", 12.5e6)]
    [InlineData("1.6 Tb/s", 200e9)]
    public void Parse_byte_and_bit_rates_gives_bytes_per_second(string text, double bytesPerSecond)
    {
        Assert.Equal(bytesPerSecond, Bandwidth.Parse(text).BytesPerSecond, 6);
    }

    [Theory]
    [InlineData("900 GBs")]
    [InlineData("900 GB")]
    [InlineData("400 GBps")]
    [InlineData("4.8 TBs")]
    [InlineData("fast")]
    [InlineData("900 gb/s")]
    public void Parse_refuses_malformed_rates_listing_the_accepted_forms(string text)
    {
        var error = Assert.Throws<UnitFormatException>(() => Bandwidth.Parse(text));
        Assert.StartsWith($"'{text}' is not a bandwidth; accepted forms: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("\"4.8 TB/s\"", error.Message, StringComparison.Ordinal);
        Assert.Contains("\"400 Gbps\"", error.Message, StringComparison.Ordinal);
        Assert.Equal("bandwidth", error.Quantity);
    }

    [Theory]
    [InlineData(4.8e12, "4.8 TB/s")]
    [InlineData(50e9, "50 GB/s")]
    [InlineData(3.35e12, "3.35 TB/s")]
    public void ToString_is_a_byte_rate_in_invariant_culture(double bytesPerSecond, string expected)
    {
        Assert.Equal(expected, new Bandwidth(bytesPerSecond).ToString());
    }

    [Fact]
    public void SecondsFor_divides_size_by_rate()
    {
        // 141 GB at 4.8 TB/s: 141e9 / 4.8e12 = 0.029375 s.
        Assert.Equal(0.029375, Bandwidth.Parse("4.8 TB/s").SecondsFor(ByteSize.Parse("141 GB")), 12);
    }

    [Fact]
    public void Rates_order_by_bytes_per_second()
    {
        Assert.True(Bandwidth.Parse("400 Gb/s") < Bandwidth.Parse("900 GB/s"));
        Assert.Equal(Bandwidth.FromGigabitsPerSecond(400), Bandwidth.FromGigabytesPerSecond(50));
    }
}
