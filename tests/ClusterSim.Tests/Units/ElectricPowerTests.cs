using ClusterSim.Units;

namespace ClusterSim.Tests.Units;

public sealed class ElectricPowerTests
{
    [Theory]
    [InlineData("700 W", 700)]
    [InlineData("1.2 kW", 1200)]
    [InlineData("0.5 MW", 500_000)]
    [InlineData(" 137W ", 137)]
    public void Parses_watts_with_a_decimal_prefix(string text, double watts)
    {
        Assert.Equal(watts, UnitParser.ParsePower(text).Watts, 9);
    }

    [Theory]
    [InlineData("700")]
    [InlineData("700 w")]
    [InlineData("700 mW")]
    [InlineData("700 kWh")]
    [InlineData("W")]
    public void Refuses_anything_else_naming_the_accepted_forms(string text)
    {
        var error = Assert.Throws<UnitFormatException>(() => ElectricPower.Parse(text));
        Assert.Contains("W, kW, MW", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Formats_in_the_largest_prefix()
    {
        Assert.Equal("1.2 kW", new ElectricPower(1200).ToString());
        Assert.Equal("700 W", new ElectricPower(700).ToString());
    }
}
