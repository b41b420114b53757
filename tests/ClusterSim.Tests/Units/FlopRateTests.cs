using ClusterSim.Units;

namespace ClusterSim.Tests.Units;

public sealed class FlopRateTests
{
    [Theory]
    [InlineData("989.5 TFLOPS", 989.5e12)]
    [InlineData("2.25 PFLOPS", 2.25e15)]
    [InlineData("989.5 TFLOP/s", 989.5e12)]
    [InlineData("1979 TFLOPs", 1979e12)]
    [InlineData("312 tflops", 312e12)]
    [InlineData("500 GFLOPS", 500e9)]
    [InlineData("1 EFLOPS", 1e18)]
    public void Parse_prefixed_rates_gives_flops_per_second(string text, double flopsPerSecond)
    {
        Assert.Equal(flopsPerSecond, FlopRate.Parse(text).FlopsPerSecond, 3);
    }

    [Theory]
    [InlineData("989.5 TOPS")]
    [InlineData("989.5 T")]
    [InlineData("989.5")]
    [InlineData("989.5 XFLOPS")]
    [InlineData("TFLOPS")]
    public void Parse_refuses_other_units_with_the_accepted_forms(string text)
    {
        var error = Assert.Throws<UnitFormatException>(() => FlopRate.Parse(text));
        Assert.StartsWith($"'{text}' is not a FLOP rate; accepted forms: ", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(989.5e12, "989.5 TFLOP/s")]
    [InlineData(2.25e15, "2.25 PFLOP/s")]
    public void ToString_uses_the_largest_prefix(double flopsPerSecond, string expected)
    {
        Assert.Equal(expected, new FlopRate(flopsPerSecond).ToString());
    }

    [Fact]
    public void Rates_compare_and_scale()
    {
        var peak = FlopRate.Parse("989.5 TFLOPS");
        Assert.True(peak * 0.71 < peak);
        Assert.Equal(FlopRate.FromTeraflops(989.5), peak);
    }
}
