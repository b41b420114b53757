using ClusterSim.Cli.Rendering;
using Spectre.Console;
using Spectre.Console.Rendering;
using static ClusterSim.Cli.Analyze.AnalyzeText;

namespace ClusterSim.Cli.Analyze;

/// <summary>Renders B_attn and B_MoE per weight format.</summary>
internal static class ThresholdsTable
{
    private static readonly string[] Headers = ["Format", "b", "Ridge", "R at ridge", "B_attn = RP·DP·b/2", "B_MoE = RP·(E/k)·b/2"];

    public static IRenderable Render(ThresholdsReport thresholds)
    {
        ArgumentNullException.ThrowIfNull(thresholds);
        var rows = thresholds.Rows.Select(r => (IReadOnlyList<string>)
            [r.DataType, Fixed(r.BytesPerElement, 1), Fixed(r.RidgePoint, 2), Fixed(r.TokensPerExpertAtRidge, 1), Count(r.AttentionBatch), r.MoeBatch is { } moe ? Count(moe) : "- (dense)"]);
        var ratio = thresholds.ExpertsPerActivation is { } ek ? $", E/k = {Fixed(ek, 1)}" : string.Empty;
        var title = $"Pool-wide decode batch at which the weight GEMMs reach the ridge (DP = {thresholds.DataParallel}{ratio}; BF16 row = the paper's RP·DP and RP·E/k)";
        return Titled(title, SummaryTable.Columns(null, Headers, rows, Headers.Skip(1).ToHashSet()));
    }
}
