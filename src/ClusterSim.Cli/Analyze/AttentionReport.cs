using ClusterSim.Analysis;
using ClusterSim.Hardware;

namespace ClusterSim.Cli.Analyze;

/// <summary>One attention variant's decode cost per context token per layer.</summary>
/// <param name="Variant">"MHA", "GQA (g=8)", "MLA absorbed", "MLA not absorbed", "MLA absorbed (TP=n)".</param>
/// <param name="FlopsPerContextToken">FLOPs per cached token per layer per request on one rank.</param>
/// <param name="BytesPerContextToken">HBM bytes per cached token per layer per request on one rank.</param>
/// <param name="Intensity">FLOPs per byte, independent of batch and context.</param>
/// <param name="RelativeToMha">Intensity ÷ the MHA row's.</param>
/// <param name="KvBytesPerTokenPerLayer">Bytes cached per token per layer for the whole model.</param>
/// <param name="Bound">"compute" or "memory" against the peak ridge.</param>
public sealed record AttentionRow(
    string Variant,
    double FlopsPerContextToken,
    double BytesPerContextToken,
    double Intensity,
    double RelativeToMha,
    double KvBytesPerTokenPerLayer,
    string Bound);

/// <summary>MHA, GQA and MLA side by side with the ridge point: the paper's "two orders of magnitude".</summary>
/// <param name="KvType">The KV-cache format the bytes are counted in.</param>
/// <param name="ComputeType">The format attention math runs in.</param>
/// <param name="RidgePoint">Peak ridge of <paramref name="ComputeType"/>.</param>
/// <param name="EffectiveRidgePoint">Ridge with the attention efficiencies.</param>
/// <param name="Rows">One row per variant the model's dimensions allow (MLA rows only for MLA models).</param>
public sealed record AttentionReport(string KvType, string ComputeType, double RidgePoint, double EffectiveRidgePoint, IReadOnlyList<AttentionRow> Rows)
{
    /// <summary>Query heads per KV head of the GQA row, as in Llama-3-70B and the paper.</summary>
    public const int GqaGroup = 8;

    /// <summary>Compares the variants for the model's dimensions; adds an MLA row at the deployment's attention TP when it is above 1.</summary>
    public static AttentionReport From(AnalyzeInputs inputs, RooflineModel roofline)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(roofline);
        var b = inputs.Precision.KvCache.BytesPerElement();
        var type = inputs.AttentionType;
        var ridge = roofline.RidgePoint(type);
        var rows = AttentionComparison.Compare(inputs.Model, b, GqaGroup).ToList();
        var tp = inputs.Deployment.AttentionTp;
        if (tp > 1 && inputs.Model.Mla is not null)
        {
            // Every TP rank reads the whole latent for 1/TP of the heads: the intensity falls by TP.
            var absorbed = AttentionComparison.Compare(inputs.Model, b, GqaGroup, tp).First(r => r.Mode == Models.MlaMode.Absorbed);
            rows.Add(absorbed with { Variant = $"MLA absorbed (TP={tp})" });
        }

        var mha = rows[0].Intensity;
        var report = rows
            .Select(r => new AttentionRow(r.Variant, r.FlopsPerContextToken, r.BytesPerContextToken, r.Intensity, r.Intensity / mha, r.KvBytesPerTokenPerLayer, r.Intensity >= ridge ? "compute" : "memory"))
            .ToArray();
        return new AttentionReport(inputs.Precision.KvCache.Name(), type.Name(), ridge, roofline.EffectiveRidgePoint(OperationClass.Attention, type), report);
    }
}
