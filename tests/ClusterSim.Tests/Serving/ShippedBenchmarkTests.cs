using ClusterSim.Fabric;
using ClusterSim.Scenarios;
using ClusterSim.Tests.Workloads;
using ClusterSim.Workloads;

namespace ClusterSim.Tests.Serving;

/// <summary>The harness-style scenarios under scenarios/benchmarks resolve, and the pool-alone ones measure what they say.</summary>
public sealed class ShippedBenchmarkTests
{
    private static string Folder => Path.Combine(WorkloadTestFiles.RepoRoot, "scenarios", "benchmarks");

    public static TheoryData<string> Benchmarks()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(Folder, "*.yaml").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Benchmarks))]
    public void Every_benchmark_resolves_to_a_deployment(string file)
    {
        var plan = ScenarioReader.Load(Path.Combine(Folder, file)).Plan();
        Assert.NotEmpty(plan.Pools);
        Assert.Equal(Path.GetFileNameWithoutExtension(file), plan.Scenario.Name);
    }

    [Fact]
    public void The_decode_pool_benchmark_uses_the_low_latency_kernels_with_preloaded_contexts()
    {
        var plan = ScenarioReader.Load(Path.Combine(Folder, "deepseek-v3-h800-64gpu-decode-ll.yaml")).Plan();
        var pool = Assert.Single(plan.Pools);
        Assert.Equal(CollectiveRouting.Rdma, pool.AllToAll.Routing);
        Assert.Equal(64, pool.Section.AcceleratorsPerInstance);
        Assert.True(plan.Scenario.Workload.KvPreloaded);
        // 128 running requests per GPU at 4,096 + 512 tokens must fit the KV cache, or the benchmark would queue.
        Assert.Equal(64 * 128, Assert.IsType<ClosedLoopWorkloadSpec>(plan.Scenario.Workload).Concurrency);
        var kvTokens = pool.Memory.KvTokensPerRank(pool.Section.KvBlockTokens);
        Assert.True(kvTokens >= 128 * (4096 + 512), $"KV holds {kvTokens} tokens per rank");
    }

    [Fact]
    public void The_prefill_pool_benchmark_prefills_every_prompt_and_decodes_nothing()
    {
        var scenario = ScenarioReader.Load(
            Path.Combine(Folder, "deepseek-v3-h200-16gpu-prefill-normal.yaml"),
            [new ScenarioOverride("workload.requests", "192")]);
        Assert.Equal(CollectiveRouting.Hierarchical, scenario.Plan().Pools[0].AllToAll.Routing);
        var result = TestScenarios.Run(scenario);
        Assert.Equal(192, result.Benchmark!.Completed);
        Assert.Equal(192L * 4096, result.Metrics.InputTokens);
        Assert.Equal(192, result.Metrics.OutputTokens);
        Assert.Equal(0, result.Metrics.Tpot.Count);
    }
}
