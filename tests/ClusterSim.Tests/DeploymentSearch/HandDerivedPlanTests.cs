using ClusterSim.DeploymentSearch;
using ClusterSim.Sweeps;
using Microsoft.Extensions.Logging.Abstractions;

namespace ClusterSim.Tests.DeploymentSearch;

public sealed class HandDerivedPlanTests : IDisposable
{
    private readonly DirectoryInfo temp = Directory.CreateTempSubdirectory("plan-hand-");

    public void Dispose() => temp.Delete(recursive: true);

    /// <summary>
    /// Llama-3-70B (BF16) on one node of 8 H100 (80 GB), kv_memory_fraction 0.4. The candidates are every instance
    /// size 1, 2, 4, 8 with every attention TP dividing it (TP × DP = instance): ten deployments of the 8 GPUs.
    /// By hand: 80 layers × (2·8192² + 2·8192·1024 + 3·8192·28672 + 2·8192) + 2·128256·8192 + 8192
    /// = 70.55e9 parameters, 141.1 GB in BF16; a rank holds 141.1 / TP GB (attention DP replicas hold a copy each).
    /// The budget is 0.4 × 80 GB = 32 GB, so TP ≤ 4 (35.3 GB and more) cannot hold its weights and the planner
    /// refuses nine of the ten; TP 8 (17.6 GB) leaves 14 GB for workspace and KV cache. The only deployment that can
    /// work, hence the optimum whatever the simulation says of it, is one instance of TP 8.
    /// </summary>
    [Fact]
    public void The_only_deployment_that_can_work_by_hand_is_the_one_found()
    {
        var plan = PlanReader.Load(WritePlan(temp.FullName));

        var results = PlanSearch.Run(plan, TestCatalog.Repository, SweepShard.Whole, 2, NullLogger.Instance, true, null, CancellationToken.None);

        Assert.Equal(10, results.Count);
        Assert.All(
            results.Where(r => r.Candidate.Pools[0].Tp < 8),
            r => Assert.Contains("exceed kv_memory_fraction × HBM", r.PrunedReason, StringComparison.Ordinal));
        var best = Assert.Single(PlanRanking.Rank(results, plan.Objective));
        Assert.Equal((8, 8, 1), (best.Candidate.Pools[0].Ep, best.Candidate.Pools[0].Tp, best.Candidate.Pools[0].Instances));
        Assert.Equal("found", best.CapacityStatus);
        Assert.True(best.TpotP90Ms <= 50, $"TPOT p90 {best.TpotP90Ms} ms at capacity");
        Assert.True(best.TokensPerSecondPerGpu > 0);
        Assert.True(best.UsdPerMillionTokens > 0 && best.JoulesPerToken > 0);
    }

    /// <summary>
    /// The TPOT bound by hand: Llama-3-70B, instances of 4 H100 at TP 4: every decode step reads the 141.1 GB of
    /// weights except the input embedding table (128256 × 8192 × 2 B = 2.1 GB, of which a step reads one row per
    /// token): 139.0 GB over 4 × 3.35 TB/s = 10.37 ms. A 10 ms objective is pruned with that figure; 11 ms is not.
    /// </summary>
    [Fact]
    public void The_tpot_bound_prunes_by_the_hand_computed_weight_read_time()
    {
        var scenario = Path.Combine(TestCatalog.Repository.ScenariosDirectory, "llama-3-70b-h100-tp8.yaml");
        var deployment = ClusterSim.Scenarios.ScenarioReader.Load(scenario, [new("deployment.serving.instances", "2"), new("deployment.serving.accelerators_per_instance", "4"), new("deployment.serving.attention.tp", "4"), new("deployment.serving.attention.dp", "1")]).Plan();

        var at10 = CandidatePruner.Reason(deployment, 10);
        var at11 = CandidatePruner.Reason(deployment, 11);

        Assert.StartsWith("TPOT bound", at10, StringComparison.Ordinal);
        Assert.True(at10!.Contains("10.37 ms per token", StringComparison.Ordinal), at10);
        Assert.Null(at11);
    }

    private static string WritePlan(string folder) => SmallLlamaPlan.Write(folder, "hand", 0.4);
}
