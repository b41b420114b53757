using ClusterSim.Analysis;
using ClusterSim.Hardware;

namespace ClusterSim.Cli.Analyze;

/// <summary>Expert load and intensity at one EP degree and per-rank batch.</summary>
/// <param name="ExpertParallel">EP degree.</param>
/// <param name="ExpertsPerRank">Expert slots per rank, ⌈E/EP⌉.</param>
/// <param name="BatchPerRank">Decode tokens per rank.</param>
/// <param name="PoolBatch">B = EP·batch per rank.</param>
/// <param name="TokensPerExpert">R = Γ·B·k/E.</param>
/// <param name="ApproximateIntensity">2R/b_w.</param>
/// <param name="Intensity">With activation traffic, as the cost model counts it.</param>
/// <param name="Bound">"compute" or "memory" of <paramref name="Intensity"/> against the expert format's peak ridge.</param>
public sealed record ExpertRow(
    int ExpertParallel,
    int ExpertsPerRank,
    long BatchPerRank,
    long PoolBatch,
    double TokensPerExpert,
    double ApproximateIntensity,
    double Intensity,
    string Bound);

/// <summary>Tokens per expert and expert intensity across EP degrees and batches (balanced routing, Γ = 1).</summary>
/// <param name="ComputeType">Format the expert GEMMs run in.</param>
/// <param name="RidgePoint">Peak ridge of that format.</param>
/// <param name="EffectiveRidgePoint">Ridge with the GEMM efficiencies.</param>
/// <param name="Imbalance">Γ used (1: uniform routing).</param>
/// <param name="Rows">EP degrees outermost, then batches.</param>
public sealed record ExpertsReport(string ComputeType, double RidgePoint, double EffectiveRidgePoint, double Imbalance, IReadOnlyList<ExpertRow> Rows)
{
    /// <summary>The grid for an MoE model over the EP degrees that fit its routed experts; null for a dense model.</summary>
    public static ExpertsReport? From(AnalyzeInputs inputs, RooflineModel roofline)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(roofline);
        if (inputs.Model.Moe is not { } moe)
        {
            return null;
        }

        const double imbalance = 1;
        var type = inputs.ExpertType;
        var ridge = roofline.RidgePoint(type);
        var degrees = AnalyzeInputs.ExpertParallelDegrees.Where(ep => ep <= moe.RoutedExperts).ToArray();
        if (degrees.Length == 0)
        {
            // Fewer experts than the smallest degree (Mixtral's 8 fits; a 4-expert model would not): one expert per rank.
            degrees = [moe.RoutedExperts];
        }

        var grid = BatchThresholds.ExpertIntensityGrid(inputs.Model, degrees, inputs.BatchesPerRank.Select(b => (long)b), imbalance, inputs.Precision);
        var rows = grid
            .Select(r => new ExpertRow(r.ExpertParallel, r.ExpertsPerRank, r.BatchPerRank, r.PoolBatch, r.TokensPerExpert, r.ApproximateIntensity, r.Intensity, r.Intensity >= ridge ? "compute" : "memory"))
            .ToArray();
        return new ExpertsReport(type.Name(), ridge, roofline.EffectiveRidgePoint(OperationClass.Gemm, type), imbalance, rows);
    }
}
