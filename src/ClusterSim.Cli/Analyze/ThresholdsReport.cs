using ClusterSim.Analysis;
using ClusterSim.Hardware;

namespace ClusterSim.Cli.Analyze;

/// <summary>Batch thresholds in one weight format.</summary>
/// <param name="DataType">Weight format ("bf16", "fp8_block128", "nvfp4").</param>
/// <param name="BytesPerElement">b of that format, block scales included.</param>
/// <param name="RidgePoint">Peak ridge of the type its GEMMs compute in on this accelerator.</param>
/// <param name="TokensPerExpertAtRidge">R at which an expert reaches the ridge: 2R/b = RP, so R = RP·b/2.</param>
/// <param name="AttentionBatch">B_attn = RP·DP·b/2, pool-wide tokens at which DP attention's weight GEMMs reach the ridge.</param>
/// <param name="MoeBatch">B_MoE = RP·(E/k)·b/2, pool-wide tokens at which balanced experts reach the ridge; null for a dense model.</param>
public sealed record ThresholdRow(string DataType, double BytesPerElement, double RidgePoint, double TokensPerExpertAtRidge, double AttentionBatch, double? MoeBatch);

/// <summary>B_attn = RP·DP and B_MoE = RP·E/k (the paper's BF16 form), and the same in the model's own formats.</summary>
/// <param name="DataParallel">Attention DP of the deployment.</param>
/// <param name="ExpertsPerActivation">E/k; null for a dense model.</param>
/// <param name="AttentionBatch">B_attn = RP_bf16·DP.</param>
/// <param name="MoeBatch">B_MoE = RP_bf16·E/k; null for a dense model.</param>
/// <param name="Rows">BF16 first, then the model's attention, dense and expert weight formats when they differ.</param>
public sealed record ThresholdsReport(int DataParallel, double? ExpertsPerActivation, double AttentionBatch, double? MoeBatch, IReadOnlyList<ThresholdRow> Rows)
{
    /// <summary>The thresholds of the deployment's DP and the model's E/k on this accelerator.</summary>
    public static ThresholdsReport From(AnalyzeInputs inputs, RooflineModel roofline)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(roofline);
        var dp = inputs.Deployment.AttentionDp;
        var moe = inputs.Model.Moe;
        var rows = new List<ThresholdRow>();
        var p = inputs.Precision;
        foreach (var format in new[] { WeightFormat.Plain(DataType.Bf16), p.AttentionWeights, p.DenseWeights, p.ExpertWeights }.Distinct())
        {
            // b is what the weights occupy (block scales included); the ridge is that of the type the GEMM computes in.
            var b = format.BytesPerElement();
            // 2R/b = RP: a format with half the bytes needs half the tokens per unit of ridge.
            var ridge = roofline.RidgePoint(OperatorRoofline.ComputeTypeOn(inputs.Hardware, format.Type));
            var bf16Equivalent = ridge * b / 2;
            rows.Add(new ThresholdRow(
                format.Name,
                b,
                ridge,
                bf16Equivalent,
                BatchThresholds.AttentionBatch(bf16Equivalent, dp),
                moe is null ? null : BatchThresholds.MoeBatch(bf16Equivalent, moe)));
        }

        var bf16 = rows[0];
        return new ThresholdsReport(dp, moe?.ExpertsPerActivation, bf16.AttentionBatch, bf16.MoeBatch, rows);
    }
}
