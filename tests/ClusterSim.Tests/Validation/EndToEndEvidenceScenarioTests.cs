using ClusterSim.Scenarios;
using ClusterSim.Tests.Serving;
using ClusterSim.Tests.Workloads;
using ClusterSim.Workloads;

namespace ClusterSim.Tests.Validation;

/// <summary>
/// The scenarios behind docs/validation.md, "End-to-end evidence: published serving deployments". Those rows are
/// evidence, not calibration, so nothing here pins a prediction: each scenario must read, plan, and state the
/// published configuration (GPUs, parallel plan, running batch, clients, engine), its KV cache must hold the
/// published running batch (else the run would measure a smaller batch than the source did), and the two SGLang rows,
/// which run in about a second, must land within a loose factor of their published figure. Whatever the error is,
/// it is reported in the table, never corrected here.
/// </summary>
public sealed class EndToEndEvidenceScenarioTests
{
    private static string Folder => Path.Combine(WorkloadTestFiles.RepoRoot, "scenarios", "validation");

    public static TheoryData<string, int, int, int, int, string> Evidence() => new()
    {
        // file, GPUs, attention DP (= EP here), running requests per rank, clients, engine — as published
        { "sglang-32xh100-prefill.yaml", 32, 32, 64, 256, "sglang" },
        { "sglang-72xh100-decode.yaml", 72, 72, 256, 72 * 256, "sglang" },
        { "trtllm-8xh200-r1-c1024.yaml", 8, 8, 128, 1024, "trtllm" },
        { "trtllm-8xb200-r1-fp4-c3072.yaml", 8, 8, 384, 3072, "trtllm" },
        { "trtllm-8xb200-r1-0528-fp4-fp8kv-c7168.yaml", 8, 8, 896, 7168, "trtllm" },
    };

    [Theory]
    [MemberData(nameof(Evidence))]
    public void Every_evidence_scenario_plans_the_published_configuration(string file, int gpus, int dp, int running, int clients, string engine)
    {
        var plan = ScenarioReader.Load(Path.Combine(Folder, file)).Plan();

        Assert.Equal(Path.GetFileNameWithoutExtension(file), plan.Scenario.Name);
        var pool = Assert.Single(plan.Pools);
        Assert.Equal(gpus, pool.Section.AcceleratorsPerInstance * pool.Section.Instances);
        Assert.Equal(dp, pool.Section.AttentionDp);
        Assert.Equal(dp, pool.Section.Ep);
        Assert.Equal(running, pool.Section.MaxRunningRequests);
        Assert.Equal(engine, plan.Scenario.Scheduler.Engine);
        var workload = Assert.IsType<ClosedLoopWorkloadSpec>(plan.Scenario.Workload);
        Assert.Equal(clients, workload.Concurrency);
    }

    [Theory]
    [MemberData(nameof(Evidence))]
    public void The_kv_cache_holds_the_published_running_batch(string file, int gpus, int dp, int running, int clients, string engine)
    {
        _ = (gpus, engine);
        var plan = ScenarioReader.Load(Path.Combine(Folder, file)).Plan();
        var pool = plan.Pools[0];
        var workload = (ClosedLoopWorkloadSpec)plan.Scenario.Workload;

        // Fixed lengths in every evidence scenario. Every client's request at full length: clients / dp of them per rank (at most the running limit), each
        // holding prompt + output tokens at its end. The prefill row keeps at most its step's prompts resident.
        var perRank = Math.Min(running, clients / dp);
        var tokens = (long)perRank * (workload.InputTokens.Value!.Value + workload.OutputTokens.Value!.Value);
        var kvTokens = pool.Memory.KvTokensPerRank(pool.Section.KvBlockTokens);
        Assert.True(kvTokens >= tokens, $"{file}: KV holds {kvTokens} tokens per rank, the published batch needs {tokens}");
    }

    [Fact]
    public void SGLang_prefill_on_32_H100_lands_within_a_loose_factor_of_the_published_figure()
    {
        // Published: 50,302 input tokens/s per node (4,096-token prompts, 16,384 tokens per device). 512 prompts
        // (4 steps of 4 per rank) instead of 2,048; a factor of 2 either way is a sanity range, not a pin.
        var scenario = ScenarioReader.Load(
            Path.Combine(Folder, "sglang-32xh100-prefill.yaml"),
            [new ScenarioOverride("workload.requests", "512")]);
        var result = TestScenarios.Run(scenario);
        var perNode = result.Benchmark!.InputTokens / result.Benchmark.MakespanSeconds / 4;

        Assert.Equal(512, result.Benchmark.Completed);
        Assert.InRange(perNode, 50_302 / 2.0, 50_302 * 2.0);
    }

    [Fact]
    public void SGLang_decode_on_72_H100_lands_within_a_loose_factor_of_the_published_figure()
    {
        // Published: 22,282 output tokens/s per node at 256 requests per GPU and 2,000 tokens of KV. One request per
        // client with 20 output tokens keeps the test short; a factor of 2 either way is a sanity range, not a pin.
        var scenario = ScenarioReader.Load(
            Path.Combine(Folder, "sglang-72xh100-decode.yaml"),
            [new ScenarioOverride("workload.requests", "18432"), new ScenarioOverride("workload.output_tokens", "20")]);
        var result = TestScenarios.Run(scenario);
        var perNode = result.Benchmark!.OutputTokensPerSecondPerGpu * 8;

        Assert.Equal(18_432, result.Benchmark.Completed);
        Assert.InRange(perNode, 22_282 / 2.0, 22_282 * 2.0);
    }
}
