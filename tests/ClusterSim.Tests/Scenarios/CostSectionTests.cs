using ClusterSim.Input;
using ClusterSim.Scenarios;
using ClusterSim.Tests.Workloads;

namespace ClusterSim.Tests.Scenarios;

/// <summary>The scenario's <c>cost</c> section: optional keys, documented defaults, one-line errors.</summary>
public sealed class CostSectionTests
{
    private static readonly string Valid = Serving.TestScenarios.DeepSeekTwoNodes();

    private static Scenario Read(string text, params string[] overrides) =>
        ScenarioReader.Parse("s.yaml", text, Path.Combine(WorkloadTestFiles.RepoRoot, "scenarios"), overrides.Select(ScenarioOverride.Parse).ToList());

    [Fact]
    public void Without_a_section_every_key_takes_its_default()
    {
        var cost = Read(Valid).CostOrDefault;
        Assert.Null(cost.GpuHourUsd);
        Assert.Equal(0.0806, cost.PowerUsdPerKwhOrDefault);
        Assert.Equal(1.58, cost.PueOrDefault);
    }

    [Fact]
    public void Given_keys_are_read_and_the_others_keep_their_defaults()
    {
        var cost = Read(Valid + "\ncost: { gpu_hour_usd: 2.5, pue: 1.1 }\n").CostOrDefault;
        Assert.Equal(2.5, cost.GpuHourUsd);
        Assert.Equal(1.1, cost.PueOrDefault);
        Assert.Equal(CostSection.DefaultPowerUsdPerKwh, cost.PowerUsdPerKwhOrDefault);
    }

    [Theory]
    [InlineData("cost.pue=0.9", "s.yaml: cost.pue: 0.9 is out of range; allowed: 1 to 10")]
    [InlineData("cost.gpu_hour_usd=-2", "s.yaml: cost.gpu_hour_usd: -2 is out of range; allowed: 0 to 1000000")]
    [InlineData("cost.power_usd_per_kwh=cheap", "s.yaml: cost.power_usd_per_kwh: 'cheap' is not a number; allowed: 0 to 100")]
    public void Bad_values_are_one_line_errors_naming_the_key_and_the_range(string set, string message)
    {
        Assert.Equal(message, Assert.Throws<InputException>(() => Read(Valid, set)).Message);
    }

    [Fact]
    public void An_unknown_key_suggests_the_nearest()
    {
        var error = Assert.Throws<InputException>(() => Read(Valid + "\ncost: { gpu_hour: 2 }\n"));
        Assert.StartsWith("s.yaml: cost.gpu_hour: unknown key 'gpu_hour'; did you mean 'gpu_hour_usd'?", error.Message, StringComparison.Ordinal);
    }
}
