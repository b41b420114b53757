using ClusterSim.Cli.Rendering;
using Spectre.Console;
using Spectre.Console.Rendering;
using static ClusterSim.Cli.Analyze.AnalyzeText;

namespace ClusterSim.Cli.Analyze;

/// <summary>Renders MHA, GQA and MLA side by side against the ridge point.</summary>
internal static class AttentionTable
{
    private static readonly string[] Headers = ["Variant", "FLOPs/token", "Bytes/token", "FLOP/byte", "vs MHA", "KV B/token/layer", "Bound"];

    public static IRenderable Render(AttentionReport attention)
    {
        ArgumentNullException.ThrowIfNull(attention);
        var rows = attention.Rows.Select(r => (IReadOnlyList<string>)
            [r.Variant, Count(r.FlopsPerContextToken), Count(r.BytesPerContextToken), Intensity(r.Intensity), Times(r.RelativeToMha), Count(r.KvBytesPerTokenPerLayer), r.Bound]);
        var title = $"Decode attention per context token per layer, KV in {attention.KvType}: "
            + $"ridge {Fixed(attention.RidgePoint, 2)} ({attention.ComputeType} peak), {Fixed(attention.EffectiveRidgePoint, 2)} with attention efficiencies";
        return Titled(title, SummaryTable.Columns(null, Headers, rows, Headers.Skip(1).SkipLast(1).ToHashSet()));
    }
}
