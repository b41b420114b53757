using ClusterSim.Cli.Rendering;
using Spectre.Console;
using Spectre.Console.Rendering;
using static ClusterSim.Cli.Analyze.AnalyzeText;

namespace ClusterSim.Cli.Analyze;

/// <summary>Renders the decode operators of one context length: FLOP/byte per batch and the roofline side.</summary>
internal static class OperatorsTable
{
    /// <summary>One table per context length, batches as columns.</summary>
    public static IEnumerable<IRenderable> Render(IReadOnlyList<OperatorsReport> reports)
    {
        ArgumentNullException.ThrowIfNull(reports);
        foreach (var context in reports.GroupBy(r => r.ContextTokens))
        {
            yield return Render(context.Key, [.. context]);
        }
    }

    private static IRenderable Render(int contextTokens, IReadOnlyList<OperatorsReport> batches)
    {
        string[] fixedHeaders = ["Layer", "Operator", "Format", "Ridge"];
        var batchHeaders = batches.Select(b => $"B={Count(b.BatchPerRank)}").ToArray();
        var headers = fixedHeaders.Concat(batchHeaders).ToArray();

        // Every batch emits the same operators in the same order; key by layer and name to be safe.
        var keys = batches.SelectMany(b => b.Operators).Select(o => (o.Layer, o.Operator)).Distinct().ToArray();
        var rows = new List<IReadOnlyList<string>>();
        foreach (var (layer, name) in keys)
        {
            var first = batches.SelectMany(b => b.Operators).First(o => o.Layer == layer && o.Operator == name);
            var cells = new List<string> { layer == "step" ? layer : $"{layer} x{first.Layers}", name, first.ComputeType, first.RidgePoint is { } r ? Fixed(r, 2) : "-" };
            foreach (var batch in batches)
            {
                var row = batch.Operators.FirstOrDefault(o => o.Layer == layer && o.Operator == name);
                cells.Add(row is null ? "-" : Cell(row));
            }

            rows.Add(cells);
        }

        var title = $"Decode operators at context {Count(contextTokens)}: FLOP/byte per device, B requests per attention rank "
            + "(C compute-bound, M memory-bound against the peak ridge), then µs per layer priced as a step is, from a "
            + "measured table row (m), interpolation (i), the GEMM tile model (t) or the roofline (r); dispatch and combine show "
            + "\"link\", or L with a time and letter where the pool's all-to-all table covers B tokens per rank";
        return Titled(title, SummaryTable.Columns(null, headers, rows, headers.Skip(3).ToHashSet()));
    }

    private static string Cell(OperatorRow row) =>
        row.Intensity is { } intensity
            ? $"{Intensity(intensity)} {BoundLetter(row.Bound)} {Fixed(row.TimeUs ?? double.NaN, 1)} {PricingLetter(row.Pricing)}"
            : row.TimeUs is { } us ? $"{BoundLetter(row.Bound)} {Fixed(us, 1)} {PricingLetter(row.Pricing)}" : BoundLetter(row.Bound);

    private static string PricingLetter(string pricing) => pricing switch
    {
        "measured" => "m",
        "interpolated" => "i",
        "tile_model" => "t",
        _ => "r",
    };
}
