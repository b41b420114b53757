using ClusterSim.Cli.Rendering;
using Spectre.Console;
using Spectre.Console.Rendering;
using static ClusterSim.Cli.Analyze.AnalyzeText;

namespace ClusterSim.Cli.Analyze;

/// <summary>Renders the memory-limited batch B_cap (paper Eq. 11) of the deployment.</summary>
internal static class MemoryTable
{
    private static readonly string[] Headers = ["Context", "KV/request", "Activations/request", "B_cap", "B_cap per DP rank", "B_cap / B_MoE"];

    public static IRenderable Render(MemoryReport memory, AnalyzeDeployment deployment)
    {
        ArgumentNullException.ThrowIfNull(memory);
        ArgumentNullException.ThrowIfNull(deployment);
        var rows = memory.Rows.Select(r => (IReadOnlyList<string>)
        [
            Count(r.ContextTokens), Bytes(r.KvBytesPerRequest), Bytes(r.ActivationBytesPerRequest), Count(r.MaxBatch),
            Fixed(r.MaxBatchPerRank, 1), r.MaxBatchOverMoeBatch is { } ratio ? Fixed(ratio, 2) : "-",
        ]);
        var replicas = memory.KvReplicas > 1 ? $", KV kept {Fixed(memory.KvReplicas, 0)}x by attention TP" : string.Empty;
        var title = $"Memory-limited batch B_cap (Eq. 11): {DeploymentText(deployment)}; HBM {Bytes(memory.HbmBytes)}, weights {Bytes(memory.WeightBytes)}{replicas}";
        return Titled(title, SummaryTable.Columns(null, Headers, rows, Headers.ToHashSet()));
    }

    /// <summary>"8 accelerators, TP 1, DP 8, EP 8 (default: ...)".</summary>
    public static string DeploymentText(AnalyzeDeployment d) =>
        $"{d.Accelerators} accelerators, TP {d.AttentionTp}, DP {d.AttentionDp}, EP {d.ExpertParallel}"
        + (d.RedundantExperts > 0 ? $" (+{d.RedundantExperts} redundant)" : string.Empty)
        + $" [{d.Source}]";
}
