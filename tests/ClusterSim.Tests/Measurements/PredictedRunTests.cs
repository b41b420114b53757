using ClusterSim.Measurements;
using ClusterSim.Planning;
using ClusterSim.Scenarios;
using Microsoft.Extensions.Logging.Abstractions;

namespace ClusterSim.Tests.Measurements;

public sealed class PredictedRunTests
{
    [Fact]
    public void A_closed_loop_prediction_matches_the_runs_own_benchmark_block()
    {
        var scenario = ScenarioReader.Load(MeasurementSamples.Path("llama-3-70b-h100-tp8-c4.yaml"), []);
        var plan = DeploymentPlanner.Resolve(scenario, TestCatalog.Repository);

        var predicted = PredictedRun.Simulate(plan, NullLogger.Instance);

        var b = predicted.Result.Benchmark!;
        var f = predicted.Figures;
        Assert.Equal(8, predicted.Requests.Count);
        Assert.Equal(8, f.Completed);
        Assert.Equal(0, f.Failed);
        // The closed loop starts every client at 0, so first send to last end is the benchmark block's makespan.
        Assert.Equal(b.MakespanSeconds, f.DurationSeconds!.Value, 9);
        Assert.Equal(b.OutputTokensPerSecond, f.OutputTokensPerSecond!.Value, 9);
        Assert.Equal(b.OutputTokensPerSecondPerGpu, f.OutputTokensPerSecondPerGpu!.Value, 9);
        Assert.Equal(b.OutputTokensPerSecondPerUser, f.OutputTokensPerSecondPerUser!.Value, 9);
        Assert.Equal(512, f.MeanInputTokens);
        Assert.Equal(16, f.MeanOutputTokens);
        // Each request's TTFT and E2E as requests.csv states them: the mean matches the run's latency samples.
        Assert.Equal(predicted.Result.Metrics.Ttft.Mean, f.Ttft.Mean!.Value, 6);
        Assert.Equal(predicted.Result.Metrics.E2e.Mean, f.E2e.Mean!.Value, 6);
    }
}
