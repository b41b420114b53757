using ClusterSim.Scenarios;

namespace ClusterSim.Tests.Serving;

public sealed class FidelityTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Step_and_layer_fidelity_agree_within_five_percent_when_nothing_contends(int microBatches)
    {
        ScenarioOverride[] common = [new("deployment.serving.micro_batches", microBatches.ToString(System.Globalization.CultureInfo.InvariantCulture))];
        var step = TestScenarios.Run(TestScenarios.Parse(TestScenarios.DeepSeekSmall(ratePerSecond: 4, duration: "8 s", outputMean: 80), [.. common, new("simulation.fidelity", "step")]));
        var layer = TestScenarios.Run(TestScenarios.Parse(TestScenarios.DeepSeekSmall(ratePerSecond: 4, duration: "8 s", outputMean: 80), [.. common, new("simulation.fidelity", "layer")]));

        // Layer fidelity runs every stage as an event (far more events), yet prices the same physics.
        Assert.True(layer.Events > 20 * step.Events, $"layer fidelity ran {layer.Events} events, step {step.Events}");
        Assert.Equal(step.Metrics.Arrived, layer.Metrics.Arrived);
        Assert.Equal(step.Metrics.Tpot.Mean, layer.Metrics.Tpot.Mean, step.Metrics.Tpot.Mean * 0.05);
        Assert.Equal(step.Metrics.E2e.Mean, layer.Metrics.E2e.Mean, step.Metrics.E2e.Mean * 0.05);
    }
}
