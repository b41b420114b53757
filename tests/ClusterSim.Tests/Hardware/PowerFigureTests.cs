using ClusterSim.Hardware;
using ClusterSim.Input;

namespace ClusterSim.Tests.Hardware;

/// <summary>Every shipped accelerator carries sourced power figures and a sourced default price.</summary>
public sealed class PowerFigureTests
{
    private const string File = "scenarios/hardware/h200.yaml";

    public static TheoryData<string> Names => [.. Catalog.Default.Names];

    [Theory]
    [MemberData(nameof(Names))]
    public void Every_hardware_file_has_board_and_idle_power_and_a_price_each_with_a_source(string name)
    {
        var spec = Catalog.Load(name);
        var power = spec.Power ?? throw new Xunit.Sdk.XunitException($"{name}.yaml has no power section");
        Assert.InRange(power.BoardMax.Value.Watts, 300, 2000);
        Assert.InRange(power.Idle.Value.Watts, 1, power.BoardMax.Value.Watts);
        var price = spec.GpuHourUsd ?? throw new Xunit.Sdk.XunitException($"{name}.yaml has no gpu_hour_usd");
        Assert.InRange(price.Value, 0.5, 20);
        foreach (var source in new[] { power.BoardMax.Source, power.Idle.Source, price.Source })
        {
            Assert.Contains(source.Kind, new[] { SourceKind.Datasheet, SourceKind.Measured, SourceKind.Assumed });
            Assert.True(source.Text.Length > 20, $"{name}.yaml: '{source.Text}' does not say where the figure was read or why it is assumed");
        }
    }

    [Fact]
    public void The_H100_figures_are_the_ones_read()
    {
        var power = Catalog.Load("h100").Power!;
        Assert.Equal(700, power.BoardMax.Value.Watts);
        Assert.Equal(SourceKind.Datasheet, power.BoardMax.Source.Kind);
        Assert.Equal(140, power.Idle.Value.Watts);
        Assert.Equal(SourceKind.Measured, power.Idle.Source.Kind);
    }

    private static InputException ErrorAfter(string find, string replace)
    {
        var text = Catalog.Text("h200");
        Assert.Contains(find, text, StringComparison.Ordinal);
        return Assert.Throws<InputException>(() => AcceleratorSpecReader.Parse(File, text.Replace(find, replace, StringComparison.Ordinal)));
    }

    [Fact]
    public void Idle_above_board_power_is_refused()
    {
        var error = ErrorAfter("idle: { value: 140 W", "idle: { value: 800 W");
        Assert.Equal("scenarios/hardware/h200.yaml: power.idle: 800 W is more than board_max (700 W); idle power must be at most the full-load power", error.Message);
    }

    [Fact]
    public void A_power_without_a_unit_names_the_accepted_forms()
    {
        var error = ErrorAfter("board_max: { value: 700 W", "board_max: { value: 700");
        Assert.StartsWith("scenarios/hardware/h200.yaml: power.board_max.value: '700' is not a power; accepted forms: a number and one of W, kW, MW", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_negative_price_is_refused()
    {
        var error = ErrorAfter("gpu_hour_usd: { value: 4.00", "gpu_hour_usd: { value: -1");
        Assert.Equal("scenarios/hardware/h200.yaml: gpu_hour_usd.value: '-1' must not be negative (US dollars per accelerator-hour)", error.Message);
    }
}
