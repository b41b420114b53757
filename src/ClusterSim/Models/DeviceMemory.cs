namespace ClusterSim.Models;

/// <summary>HBM needed on one device under a plan, by component, in bytes.</summary>
/// <param name="AttentionWeightBytes">Attention and norm weights of the stage's layers on this device.</param>
/// <param name="DenseFfnWeightBytes">Dense feed-forward weights of the stage's dense layers.</param>
/// <param name="RoutedExpertWeightBytes">Routed-expert slots held by this EP rank over the stage's MoE layers.</param>
/// <param name="SharedWeightBytes">Shared experts and routers of the stage's MoE layers.</param>
/// <param name="EmbeddingAndHeadBytes">Embedding (first stage) and LM head (last stage) shards.</param>
/// <param name="KvBytesPerToken">KV-cache bytes one cached token costs on this device in full-attention layers.</param>
/// <param name="SlidingKvBytesPerRequest">KV-cache bytes of one request's window in sliding layers (reached once L ≥ window).</param>
public sealed record DeviceMemory(
    double AttentionWeightBytes,
    double DenseFfnWeightBytes,
    double RoutedExpertWeightBytes,
    double SharedWeightBytes,
    double EmbeddingAndHeadBytes,
    double KvBytesPerToken,
    double SlidingKvBytesPerRequest = 0)
{
    /// <summary>All weights on the device.</summary>
    public double WeightBytes => AttentionWeightBytes + DenseFfnWeightBytes + RoutedExpertWeightBytes + SharedWeightBytes + EmbeddingAndHeadBytes;
}
