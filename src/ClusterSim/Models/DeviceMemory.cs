namespace ClusterSim.Models;

/// <summary>HBM needed on one device under a plan, by component, in bytes.</summary>
/// <param name="AttentionWeightBytes">Attention and norm weights of the stage's layers on this device.</param>
/// <param name="DenseFfnWeightBytes">Dense feed-forward weights of the stage's dense layers.</param>
/// <param name="RoutedExpertWeightBytes">Routed-expert slots held by this EP rank over the stage's MoE layers.</param>
/// <param name="SharedWeightBytes">Shared experts and routers of the stage's MoE layers.</param>
/// <param name="EmbeddingAndHeadBytes">Embedding (first stage) and LM head (last stage) shards.</param>
/// <param name="KvBytesPerToken">KV-cache bytes one cached token costs on this device (full-attention layers).</param>
public sealed record DeviceMemory(
    double AttentionWeightBytes,
    double DenseFfnWeightBytes,
    double RoutedExpertWeightBytes,
    double SharedWeightBytes,
    double EmbeddingAndHeadBytes,
    double KvBytesPerToken)
{
    /// <summary>All weights on the device.</summary>
    public double WeightBytes => AttentionWeightBytes + DenseFfnWeightBytes + RoutedExpertWeightBytes + SharedWeightBytes + EmbeddingAndHeadBytes;
}
