using ClusterSim.DeploymentSearch;
using ClusterSim.Sweeps;
using Microsoft.Extensions.Logging.Abstractions;

namespace ClusterSim.Tests.DeploymentSearch;

public sealed class HandDerivedPlanTests : IDisposable
{
    private readonly DirectoryInfo temp = Directory.CreateTempSubdirectory("plan-hand-");

    public void Dispose() => temp.Delete(recursive: true);

    /// <summary>
    /// Llama-3-70B (BF16) on one node of 8 H100 (80 GB, 3.35 TB/s), kv_memory_fraction 0.8, TPOT objective 10 ms.
    /// The candidates are every instance size 1, 2, 4, 8 with every attention TP dividing it (TP × DP = instance):
    /// ten deployments of the 8 GPUs. By hand:
    /// <list type="bullet">
    /// <item>Weights: 80 layers × (2·8192² + 2·8192·1024 + 3·8192·28672) + 2·128256·8192 = 70.55e9 parameters, 141.1 GB
    /// in BF16. A rank holds 141.1 / TP GB; the budget is 0.8 × 80 = 64 GB. TP 1 (141.1 GB) and TP 2 (70.6 GB)
    /// cannot hold their weights: the planner refuses every candidate with TP ≤ 2 (1x1, 2x1, 2x2, 4x1, 4x2, 8x1, 8x2).</item>
    /// <item>TPOT bound (Eq. 12's weight term): each of an instance's DP replicas reads all 141.1 GB per decode step,
    /// spread over the instance's GPUs: 141.1 GB × DP / (GPUs × 3.35 TB/s). Instance 4 with TP 4 (DP 1):
    /// 141.1 / (4 × 3.35) = 10.53 ms; instance 8 with TP 4 (DP 2): 2 × 141.1 / (8 × 3.35) = 10.53 ms. Both exceed
    /// 10 ms and are pruned. Instance 8 with TP 8 (DP 1): 141.1 / (8 × 3.35) = 5.26 ms, under the objective.</item>
    /// </list>
    /// So the only deployment that can work, hence the optimum, is one instance of TP 8.
    /// </summary>
    [Fact]
    public void The_only_deployment_that_can_meet_the_slos_by_hand_is_the_one_found()
    {
        var plan = PlanReader.Load(WritePlan(temp.FullName));

        var results = PlanSearch.Run(plan, TestCatalog.Repository, SweepShard.Whole, 2, NullLogger.Instance, true, null, CancellationToken.None);

        Assert.Equal(10, results.Count);
        var byShape = results.ToDictionary(r => (r.Candidate.Pools[0].Ep, r.Candidate.Pools[0].Tp));
        foreach (var shape in new[] { (1, 1), (2, 1), (2, 2), (4, 1), (4, 2), (8, 1), (8, 2) })
        {
            Assert.Contains("exceed kv_memory_fraction × HBM", byShape[shape].PrunedReason, StringComparison.Ordinal);
        }

        Assert.StartsWith("TPOT bound", byShape[(4, 4)].PrunedReason, StringComparison.Ordinal);
        Assert.Contains("10.53 ms", byShape[(4, 4)].PrunedReason, StringComparison.Ordinal);
        Assert.StartsWith("TPOT bound", byShape[(8, 4)].PrunedReason, StringComparison.Ordinal);
        var best = Assert.Single(PlanRanking.Rank(results, plan.Objective));
        Assert.Equal((8, 8, 1), (best.Candidate.Pools[0].Ep, best.Candidate.Pools[0].Tp, best.Candidate.Pools[0].Instances));
        Assert.Equal("found", best.CapacityStatus);
        Assert.True(best.TpotP90Ms <= 10, $"TPOT p90 {best.TpotP90Ms} ms at capacity");
        Assert.True(best.TokensPerSecondPerGpu > 0);
        Assert.True(best.UsdPerMillionTokens > 0 && best.JoulesPerToken > 0);
    }

    /// <summary>The hand case's plan file (also used by the CLI tests through a copy of this text).</summary>
    internal static string WritePlan(string folder, double tpotMs = 10, string extra = "")
    {
        var scenario = Path.Combine(TestCatalog.Repository.ScenariosDirectory, "llama-3-70b-h100-tp8.yaml");
        var path = Path.Combine(folder, "hand.yaml");
        File.WriteAllText(path, $"""
            name: hand
            scenario: {scenario}
            set:
              deployment.serving.kv_memory_fraction: 0.8
              workload.duration: 12 s
              simulation.duration: 12 s
              simulation.warmup: 2 s
              workload.input_tokens.max: 2048
              workload.output_tokens.max: 256
            gpus: 8
            slo: {"{"} ttft_ms: 2000, tpot_ms: {tpotMs.ToString(System.Globalization.CultureInfo.InvariantCulture)}, percentile: 90 {"}"}
            search:
              ep: [1, 2, 4, 8]
              attention_tp: [1, 2, 4, 8]
            capacity: {"{"} precision: 0.25 {"}"}
            {extra}
            """);
        return path;
    }
}
