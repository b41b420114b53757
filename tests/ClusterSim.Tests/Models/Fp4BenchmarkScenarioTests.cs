using ClusterSim.Hardware;
using ClusterSim.Scenarios;
using ClusterSim.Tests.Serving;
using ClusterSim.Tests.Workloads;

namespace ClusterSim.Tests.Models;

/// <summary>The shipped DeepSeek-R1-FP4 benchmark on 8 × B200: its formats, its memory and a shortened run.</summary>
public sealed class Fp4BenchmarkScenarioTests
{
    private static string ScenarioPath => Path.Combine(WorkloadTestFiles.RepoRoot, "scenarios", "benchmarks", "deepseek-r1-fp4-b200-8gpu.yaml");

    [Fact]
    public void It_plans_nvfp4_experts_and_fp8_attention_and_dense_weights()
    {
        var plan = ScenarioReader.Load(ScenarioPath).Plan();
        Assert.Equal(WeightFormat.Fp8Block128, plan.Precision.AttentionWeights);
        Assert.Equal(WeightFormat.Fp8Block128, plan.Precision.DenseWeights);
        Assert.Equal(WeightFormat.Nvfp4, plan.Precision.ExpertWeights);

        // Same per-rank weights as the hand computation in PerTensorPrecisionTests (DP8, EP8, TP1): 65.06 GB.
        var pool = Assert.Single(plan.Pools);
        Assert.Equal(65.06e9, pool.Memory.WeightBytes, 0.005e9);
    }

    [Fact]
    public void A_shortened_run_completes_every_request()
    {
        // One request per client and 64 output tokens keep the test short; the shipped file runs 2048 × 2K tokens.
        var scenario = ScenarioReader.Load(ScenarioPath, [new ScenarioOverride("workload.requests", "1024"), new ScenarioOverride("workload.output_tokens", "64")]);
        var result = TestScenarios.Run(scenario);
        var b = result.Benchmark!;
        Assert.Equal(1024, b.Completed);
        Assert.Equal(0, b.Dropped);
        Assert.Equal(1024L * 64, result.Metrics.OutputTokens);
    }
}
