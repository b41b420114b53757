using ClusterSim.Hardware;
using ClusterSim.Models;

namespace ClusterSim.Analysis;

/// <summary>Expert load and intensity at one EP degree and batch.</summary>
/// <param name="ExpertParallel">EP degree.</param>
/// <param name="BatchPerRank">Decode tokens per attention rank.</param>
/// <param name="PoolBatch">Tokens over the EP pool, B = EP·batch per rank.</param>
/// <param name="ExpertsPerRank">Expert slots per rank.</param>
/// <param name="TokensPerExpert">R = Γ·B·k/E.</param>
/// <param name="ApproximateIntensity">2R/b with b the expert-weight bytes per element.</param>
/// <param name="Intensity">6·d·f·R ÷ (weights + activations read and written), as the cost model counts it.</param>
public sealed record ExpertIntensityRow(
    int ExpertParallel,
    long BatchPerRank,
    long PoolBatch,
    int ExpertsPerRank,
    double TokensPerExpert,
    double ApproximateIntensity,
    double Intensity);

/// <summary>Batch thresholds at which attention and experts reach the ridge point.</summary>
public static class BatchThresholds
{
    /// <summary>B_attn = RP·DP: pool-wide decode batch at which the weight-bound parts of DP attention reach the ridge.</summary>
    public static double AttentionBatch(double ridgePoint, int dataParallel) => ridgePoint * dataParallel;

    /// <summary>B_MoE = RP·E/k: pool-wide batch at which balanced experts reach the ridge (9,000 for DeepSeek-V3 on B200).</summary>
    public static double MoeBatch(double ridgePoint, MoeConfig moe)
    {
        ArgumentNullException.ThrowIfNull(moe);
        return ridgePoint * moe.ExpertsPerActivation;
    }

    /// <summary>R = Γ·B·k/E: tokens the (hottest, for Γ &gt; 1) expert sees in a step.</summary>
    public static double TokensPerExpert(double poolBatch, MoeConfig moe, double imbalance = 1)
    {
        ArgumentNullException.ThrowIfNull(moe);
        return imbalance * poolBatch * moe.ExpertsPerToken / moe.RoutedExperts;
    }

    /// <summary>Expert intensity ≈ 2R/b (weights dominate the bytes).</summary>
    public static double ApproximateExpertIntensity(double tokensPerExpert, double bytesPerElement) => 2 * tokensPerExpert / bytesPerElement;

    /// <summary>
    /// Expert intensity with activations: 6·d·f·R ÷ (3·d·f·b_w + R·(2d + 4f)·b_a) for SwiGLU, the same
    /// accounting as <see cref="OperatorCostModel"/> (input, 2f intermediate written and read, output).
    /// </summary>
    public static double ExpertIntensity(double tokensPerExpert, int hidden, int intermediate, double weightBytesPerElement, double activationBytesPerElement, FfnKind ffn = FfnKind.Gated)
    {
        double d = hidden;
        double f = intermediate;
        var matrices = ffn == FfnKind.Gated ? 3 : 2;
        var up = ffn == FfnKind.Gated ? 2 * f : f;
        var flops = 2 * matrices * d * f * tokensPerExpert;
        var bytes = (matrices * d * f * weightBytesPerElement) + (tokensPerExpert * ((2 * d) + (2 * up)) * activationBytesPerElement);
        return flops / bytes;
    }

    /// <summary>Expert load and intensity over EP degrees × per-rank batches (balanced placement, imbalance Γ).</summary>
    public static IReadOnlyList<ExpertIntensityRow> ExpertIntensityGrid(
        ModelArchitecture model,
        IEnumerable<int> expertParallelDegrees,
        IEnumerable<long> batchesPerRank,
        double imbalance = 1,
        ModelPrecision? precision = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(expertParallelDegrees);
        ArgumentNullException.ThrowIfNull(batchesPerRank);
        var moe = model.Moe ?? throw new ArgumentException($"{model.Name} has no experts", nameof(model));
        var p = precision ?? model.Precision;
        var wb = p.ExpertWeights.BytesPerElement();
        var ab = p.Activations.BytesPerElement();
        var batches = batchesPerRank.ToList();
        var rows = new List<ExpertIntensityRow>();
        foreach (var ep in expertParallelDegrees)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(ep, 1);
            var perRank = (moe.RoutedExperts + ep - 1) / ep;
            foreach (var batch in batches)
            {
                var pool = batch * ep;
                var r = TokensPerExpert(pool, moe, imbalance);
                rows.Add(new ExpertIntensityRow(ep, batch, pool, perRank, r, ApproximateExpertIntensity(r, wb), ExpertIntensity(r, model.HiddenSize, moe.ExpertIntermediateSize, wb, ab, model.Ffn)));
            }
        }

        return rows;
    }
}
