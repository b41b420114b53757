using ClusterSim.Runs;
using ClusterSim.Scenarios;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace ClusterSim.Tests.Afd;

public sealed class AfdRunTests
{
    [Fact]
    public void Run_afd_scenario_serves_requests_through_the_attention_pool_and_loses_none()
    {
        var root = TestCatalog.Repository.ScenariosDirectory;
        var overrides = new[]
        {
            ScenarioOverride.Parse("simulation.duration=10 s"),
            ScenarioOverride.Parse("simulation.warmup=2 s"),
            ScenarioOverride.Parse("workload.duration=10 s"),
        };
        var scenario = ScenarioReader.Load(Path.Combine(root, "afd-vs-ep.yaml"), overrides);
        var result = ScenarioRunner.Run(scenario.Plan(), sink: null, NullLogger.Instance);
        var pool = Assert.Single(result.Pools);
        Assert.Equal("attention", pool.Name);
        Assert.Equal(16, pool.Accelerators);
        Assert.Equal(32, result.Accelerators);
        Assert.True(result.Metrics.Arrived > 40, $"{result.Metrics.Arrived} arrivals in 10 s at 8/s");
        // Long answers still running at the drain limit are dropped with that reason; none is lost.
        Assert.Equal(result.Metrics.Arrived, result.Metrics.Completed + result.Metrics.Dropped);
        Assert.True(result.Metrics.Completed > result.Metrics.Arrived / 2);
        var stats = result.Metrics.Pools["attention"];
        Assert.True(stats.TokensPerExpertSum > 0, "MoE steps priced through the expert side");
        Assert.NotNull(pool.ExpertBalance);
    }
}
