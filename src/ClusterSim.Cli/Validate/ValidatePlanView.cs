using System.Globalization;
using ClusterSim.Cli.Rendering;
using ClusterSim.Fabric;
using ClusterSim.Planning;
using ClusterSim.Scenarios;
using Spectre.Console;

namespace ClusterSim.Cli.Validate;

/// <summary>What <c>clustersim validate</c> prints: the resolved scenario and, per pool, its parallel plan and HBM budget.</summary>
public static class ValidatePlanView
{
    /// <summary>The per-pool column headers, in order.</summary>
    public static readonly IReadOnlyList<string> PoolHeaders =
    [
        "pool", "inst", "GPUs", "TP", "DP", "EP", "spare", "weights", "workspace", "KV", "KV tok/rank", "KV tok/GPU",
    ];

    /// <summary>Renders the summary and the pool table to <paramref name="console"/>.</summary>
    public static void Render(
        IAnsiConsole console,
        string path,
        DeploymentPlan plan)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(plan);
        var (scenario, model, hardware, pools) = (plan.Scenario, plan.Model, plan.Hardware, plan.Pools);
        var cluster = scenario.Cluster;
        var linkModel = cluster.LinkModel == LinkModel.AlphaBeta ? "alpha-beta" : "fair-share";
        var summary = new List<KeyValuePair<string, string>>
        {
            new("file", path),
            new("model", $"{model.Name} ({model.Layers} layers{(model.Moe is { } moe ? $", {moe.RoutedExperts} experts top-{moe.ExpertsPerToken}" : string.Empty)})"),
            new("hardware", $"{hardware.Name}, {Gb(hardware.Hbm.Capacity.Value.Bytes)} GB HBM"),
            new("cluster", $"{cluster.Nodes} nodes × {cluster.AcceleratorsPerNode} = {cluster.Accelerators} accelerators, {linkModel}, {cluster.Routing.ToString().ToLowerInvariant()}"),
            new("deployment", $"{(scenario.Deployment.Mode == DeploymentMode.Colocated ? "colocated" : "disaggregated")}, {scenario.Deployment.Accelerators} accelerators used"),
            new("workload", WorkloadText(scenario.Workload)),
            new("simulation", $"{scenario.Simulation.Duration} ({scenario.Simulation.Warmup} warm-up), {scenario.Simulation.Fidelity.ToString().ToLowerInvariant()} fidelity, seed {scenario.Seed.ToString(CultureInfo.InvariantCulture)}"),
        };
        console.Write(SummaryTable.KeyValue($"{scenario.Name}: valid", summary));
        console.Write(SummaryTable.Columns("per accelerator: weights, workspace and KV cache in GB; spare = redundant expert slots", PoolHeaders, pools.Select(PoolRow), PoolHeaders.Skip(1).ToHashSet()));
    }

    /// <summary>The cells of one pool's row, formatted in invariant culture.</summary>
    public static IReadOnlyList<string> PoolRow(PoolPlan pool)
    {
        ArgumentNullException.ThrowIfNull(pool);
        var s = pool.Section;
        var m = pool.Memory;
        var tokensPerGpu = m.KvBytesPerToken > 0 ? (long)(m.KvBytes / m.KvBytesPerToken) : 0;
        return
        [
            s.Name,
            Int(s.Instances),
            Int(s.AcceleratorsPerInstance),
            Int(pool.Plan.AttentionTensorParallel),
            Int(pool.Plan.AttentionDataParallel),
            Int(pool.Plan.ExpertParallel),
            Int(s.RedundantExperts),
            Gb(m.WeightBytes),
            Gb(m.WorkspaceBytes),
            Gb(m.KvBytes),
            Int(m.KvTokensPerRank(s.KvBlockTokens)),
            Int(tokensPerGpu),
        ];
    }

    private static string WorkloadText(Workloads.WorkloadSpec workload) => workload switch
    {
        Workloads.TraceWorkloadSpec t => $"trace {t.Path} ({t.Format})",
        Workloads.SyntheticWorkloadSpec s => $"{s.Arrival.Process.ToString().ToLowerInvariant()} arrivals at {s.Arrival.RatePerSecond.ToString("0.###", CultureInfo.InvariantCulture)} req/s",
        Workloads.ClosedLoopWorkloadSpec c => $"closed loop of {c.Concurrency.ToString(CultureInfo.InvariantCulture)} clients, {c.Requests.ToString(CultureInfo.InvariantCulture)} requests",
        _ => workload.GetType().Name,
    };

    private static string Int(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Gb(double bytes) => (bytes / 1e9).ToString("0.##", CultureInfo.InvariantCulture);
}
