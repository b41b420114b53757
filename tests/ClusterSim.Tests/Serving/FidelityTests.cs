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

        // The physics is in the step: its mean duration must agree within 5 %. Request latencies follow from which
        // requests share which steps; with two micro-batches the fidelities batch slightly differently (a few steps
        // and tokens per batch apart), which moves TPOT and E2E means by more than it moves any step, so those are
        // held to 10 %.
        var stepMs = MeanStepMs(step);
        var layerMs = MeanStepMs(layer);
        Assert.True(Math.Abs(layerMs - stepMs) <= 0.05 * stepMs, $"mean step {stepMs:F3} ms at step fidelity, {layerMs:F3} ms at layer fidelity");
        Assert.Equal(step.Metrics.Tpot.Mean, layer.Metrics.Tpot.Mean, step.Metrics.Tpot.Mean * 0.10);
        Assert.Equal(step.Metrics.E2e.Mean, layer.Metrics.E2e.Mean, step.Metrics.E2e.Mean * 0.10);
    }

    /// <summary>Busy time per step of the scenario's one pool, in ms.</summary>
    internal static double MeanStepMs(ClusterSim.Runs.RunResult result)
    {
        var pool = Assert.Single(result.Metrics.Pools.Values);
        Assert.True(pool.Steps > 0, "the pool ran no step");
        return pool.BusyNs / pool.Steps / 1e6;
    }
}
