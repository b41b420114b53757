using ClusterSim.Cli.Rendering;
using Spectre.Console;
using Spectre.Console.Rendering;
using static ClusterSim.Cli.Analyze.AnalyzeText;

namespace ClusterSim.Cli.Analyze;

/// <summary>Renders tokens per expert and expert intensity across EP degrees and batches.</summary>
internal static class ExpertsTable
{
    private static readonly string[] Headers = ["EP", "Experts/rank", "Batch/rank", "Pool B", "R = B·k/E", "2R/b", "FLOP/byte", "Bound"];

    public static IRenderable Render(ExpertsReport experts)
    {
        ArgumentNullException.ThrowIfNull(experts);
        var rows = experts.Rows.Select(r => (IReadOnlyList<string>)
        [
            Count(r.ExpertParallel), Count(r.ExpertsPerRank), Count(r.BatchPerRank), Count(r.PoolBatch),
            Fixed(r.TokensPerExpert, 2), Intensity(r.ApproximateIntensity), Intensity(r.Intensity), r.Bound,
        ]);
        var title = $"Routed experts, uniform routing (Γ = {Fixed(experts.Imbalance, 1)}), pool B = EP·batch per rank: "
            + $"ridge {Fixed(experts.RidgePoint, 2)} ({experts.ComputeType} peak), {Fixed(experts.EffectiveRidgePoint, 2)} with GEMM efficiencies";
        return Titled(title, SummaryTable.Columns(null, Headers, rows, Headers.Take(7).ToHashSet()));
    }
}
