using ClusterSim.Models;

namespace ClusterSim.Analysis;

/// <summary>Decode attention cost per context token per layer for one attention variant.</summary>
/// <param name="Variant">"MHA", "GQA (g=8)", "MLA absorbed", "MLA not absorbed".</param>
/// <param name="Kind">Attention kind.</param>
/// <param name="Mode">MLA mode, null for MHA and GQA.</param>
/// <param name="FlopsPerContextToken">FLOPs per cached token per layer per request (on one TP rank).</param>
/// <param name="BytesPerContextToken">HBM bytes per cached token per layer per request (on one TP rank).</param>
/// <param name="Intensity">FLOPs per byte; independent of batch and context in decode.</param>
/// <param name="KvBytesPerTokenPerLayer">Bytes cached per token per layer for the whole model.</param>
public sealed record AttentionIntensityRow(
    string Variant,
    AttentionKind Kind,
    MlaMode? Mode,
    double FlopsPerContextToken,
    double BytesPerContextToken,
    double Intensity,
    double KvBytesPerTokenPerLayer);

/// <summary>MHA, GQA and MLA (absorbed and not) side by side for the same model dimensions.</summary>
/// <remarks>
/// Per context token and layer, ignoring the per-request query and output terms (they vanish as L grows).
/// MHA and GQA use the model's query heads with its query/key and value head widths (192 and 128 for
/// DeepSeek-V3); GQA shares each KV head among <c>g</c> query heads. MLA counts RoPE dims and reads the
/// latent once for scores and values ("our convention", ≈ 242 in BF16 for DeepSeek-V3).
/// </remarks>
public static class AttentionComparison
{
    /// <summary>Rows for MHA and GQA, and for MLA when the model has MLA dimensions.</summary>
    public static IReadOnlyList<AttentionIntensityRow> Compare(ModelArchitecture model, double bytesPerElement, int gqaGroup = 8, int tensorParallel = 1)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfLessThan(gqaGroup, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(tensorParallel, 1);
        double h = (double)model.AttentionHeads / tensorParallel;
        double qk = model.Mla?.QkHeadDim ?? model.HeadDim;
        double v = model.Mla?.VHeadDim ?? model.HeadDim;
        var b = bytesPerElement;
        var rows = new List<AttentionIntensityRow>();

        // MHA: K (qk wide) and V (v wide) per head; scores 2·qk and values 2·v FLOPs per head.
        var mhaFlops = 2 * h * (qk + v);
        var mhaBytes = h * (qk + v) * b;
        rows.Add(new("MHA", AttentionKind.MultiHead, null, mhaFlops, mhaBytes, mhaFlops / mhaBytes, model.AttentionHeads * (qk + v) * b));

        var kvHeads = Math.Max(1.0, h / gqaGroup);
        var gqaBytes = kvHeads * (qk + v) * b;
        rows.Add(new($"GQA (g={gqaGroup})", AttentionKind.GroupedQuery, null, mhaFlops, gqaBytes, mhaFlops / gqaBytes, model.AttentionHeads / gqaGroup * (qk + v) * b));

        if (model.Mla is { } mla)
        {
            double rank = mla.KvLoraRank;
            double rope = mla.QkRopeHeadDim;
            double nope = mla.QkNopeHeadDim;
            var latentBytes = (rank + rope) * b;

            var absorbedFlops = 2 * h * ((2 * rank) + rope);
            rows.Add(new("MLA absorbed", AttentionKind.MultiHeadLatent, MlaMode.Absorbed, absorbedFlops, latentBytes, absorbedFlops / latentBytes, latentBytes));

            // Decompress every cached latent (kv_b), write the per-head K/V and read them back in the core.
            var decompressFlops = 2 * rank * h * (nope + v);
            var notAbsorbedFlops = decompressFlops + (2 * h * (qk + v));
            var notAbsorbedBytes = latentBytes + (2 * h * (nope + v) * b);
            rows.Add(new("MLA not absorbed", AttentionKind.MultiHeadLatent, MlaMode.NotAbsorbed, notAbsorbedFlops, notAbsorbedBytes, notAbsorbedFlops / notAbsorbedBytes, latentBytes));
        }

        return rows;
    }
}
