using ClusterSim.Engine;
using ClusterSim.Scenarios;
using ClusterSim.Workloads;

namespace ClusterSim.Tests.Serving;

public sealed class VidurBenchmarkScenarioTests
{
    private static readonly string File = Path.Combine(Workloads.WorkloadTestFiles.RepoRoot, "scenarios", "benchmarks", "llama-2-70b-a100-tp4-vidur.yaml");

    [Fact]
    public void Lengths_have_the_azure_2023_conversation_medians_and_means()
    {
        var workload = Assert.IsType<SyntheticWorkloadSpec>(ScenarioReader.Load(File).Workload);

        // Log-normal mean = median * exp(sigma^2 / 2): 1020 * e^0.125 = 1155.8 (trace: 1155); 129 * e^0.5 = 212.7 (trace: 211),
        // both within 1% of the trace's means (sigma rounded to one decimal).
        Assert.Equal((1020, 129), (workload.InputTokens.Median, workload.OutputTokens.Median));
        Assert.InRange(workload.InputTokens.Median!.Value * Math.Exp(workload.InputTokens.Sigma!.Value * workload.InputTokens.Sigma.Value / 2), 1155 * 0.99, 1155 * 1.01);
        Assert.InRange(workload.OutputTokens.Median!.Value * Math.Exp(workload.OutputTokens.Sigma!.Value * workload.OutputTokens.Sigma.Value / 2), 211 * 0.99, 211 * 1.01);
        // Every request fits Llama-2's 4096 positions.
        Assert.True(workload.InputTokens.Max + workload.OutputTokens.Max <= 4096);
        Assert.Equal(500, workload.Requests);
    }

    [Fact]
    public void A_cut_of_the_benchmark_completes_every_request_on_one_tp4_replica()
    {
        var scenario = ScenarioReader.Load(File, [new ScenarioOverride("workload.requests", "40"), new ScenarioOverride("simulation.duration", "60 s")]);

        var result = TestScenarios.Run(scenario);

        Assert.Equal(4, scenario.Deployment.Pools.Single().AcceleratorsPerInstance);
        Assert.Equal(40, result.Metrics.Completed);
        Assert.Equal(0, result.Metrics.Dropped);
        // 60 s of simulation.duration is within 200 s: the automatic bucket is the 10 ms floor.
        Assert.Equal(SimDuration.FromMilliseconds(10), scenario.Outputs.TimeseriesWindow);
    }
}
