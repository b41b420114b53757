using ClusterSim.Hardware;
using ClusterSim.Models;

namespace ClusterSim.Analysis;

/// <summary>
/// Weight bytes of one layer of each kind split into what every attention DP replica holds and reads
/// (attention, norms, dense FFN, shared experts, router) and what the expert pool holds once (routed experts).
/// </summary>
internal sealed class PoolWeights
{
    private readonly double[] replicatedPerLayer = new double[LayerKinds.Count];
    private readonly double[] expertsPerLayer = new double[LayerKinds.Count];

    public PoolWeights(ModelArchitecture model, ModelPrecision precision)
    {
        var p = ParameterCounts.Of(model);
        var attention = (p.AttentionPerLayer + p.NormsPerLayer) * precision.AttentionWeights.BytesPerElement();
        var dense = p.DenseFfnPerLayer * precision.DenseWeights.BytesPerElement();
        var moeReplicated = (p.SharedExpertsPerLayer * precision.DenseWeights.BytesPerElement()) + (p.RouterPerLayer * precision.EmbeddingWeights.BytesPerElement());
        var routed = p.RoutedExperts * p.RoutedExpert * precision.ExpertWeights.BytesPerElement();
        foreach (var kind in Enum.GetValues<LayerKind>())
        {
            replicatedPerLayer[(int)kind] = attention + (kind.IsMoe() ? moeReplicated : dense);
            expertsPerLayer[(int)kind] = kind.IsMoe() ? routed : 0;
        }

        ExpertBytes = p.RoutedExpert * precision.ExpertWeights.BytesPerElement();
        EmbeddingAndHeadBytes = p.EmbeddingAndHead * precision.EmbeddingWeights.BytesPerElement();
        HeadBytes = (p.LmHead > 0 ? p.LmHead : p.Embedding) * precision.EmbeddingWeights.BytesPerElement();
    }

    /// <summary>Bytes of one routed expert.</summary>
    public double ExpertBytes { get; }

    /// <summary>Embedding, positions and LM head, one copy.</summary>
    public double EmbeddingAndHeadBytes { get; }

    /// <summary>LM head (or the tied embedding) read once per step per replica.</summary>
    public double HeadBytes { get; }

    public double Replicated(LayerKind kind) => replicatedPerLayer[(int)kind];

    public double Experts(LayerKind kind) => expertsPerLayer[(int)kind];
}
