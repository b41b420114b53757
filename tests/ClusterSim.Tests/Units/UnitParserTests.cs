using ClusterSim.Units;

namespace ClusterSim.Tests.Units;

public sealed class UnitParserTests
{
    [Theory]
    [InlineData("91%", 0.91)]
    [InlineData("0.91", 0.91)]
    [InlineData("58.6 %", 0.586)]
    [InlineData("100%", 1.0)]
    public void ParseRatio_reads_percentages_and_fractions(string text, double expected)
    {
        Assert.Equal(expected, UnitParser.ParseRatio(text), 12);
    }

    [Theory]
    [InlineData("91 percent")]
    [InlineData("high")]
    [InlineData("%")]
    public void ParseRatio_refuses_other_text_with_the_accepted_forms(string text)
    {
        var error = Assert.Throws<UnitFormatException>(() => UnitParser.ParseRatio(text));
        Assert.Equal($"'{text}' is not a ratio; accepted forms: {UnitParser.RatioForms}", error.Message);
    }

    [Fact]
    public void ParseDuration_goes_through_SimDuration()
    {
        Assert.Equal(5_000, UnitParser.ParseDuration("5 us").Nanoseconds);
        Assert.Equal(5_000_000, UnitParser.ParseDuration("5e-3 s").Nanoseconds);
    }

    [Fact]
    public void ParseDuration_refuses_unknown_units_as_a_unit_error()
    {
        var error = Assert.Throws<UnitFormatException>(() => UnitParser.ParseDuration("2 sec"));
        Assert.StartsWith("'2 sec' is not a duration; accepted forms: a number and one of ns, us", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Facade_parses_each_quantity()
    {
        Assert.Equal(141e9, UnitParser.ParseBytes("141 GB").Bytes);
        Assert.Equal(4.8e12, UnitParser.ParseBandwidth("4.8 TB/s").BytesPerSecond);
        Assert.Equal(2.25e15, UnitParser.ParseFlopRate("2.25 PFLOPS").FlopsPerSecond);
    }
}
