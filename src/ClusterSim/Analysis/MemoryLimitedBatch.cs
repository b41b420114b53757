using ClusterSim.Models;

namespace ClusterSim.Analysis;

/// <summary>The memory-limited decode batch of a pool and what fills the HBM.</summary>
/// <param name="HbmBytes">HBM of the whole pool (per-device capacity × devices).</param>
/// <param name="WeightBytes">Weights in the pool: replicated parts × DP plus routed experts once.</param>
/// <param name="KvBytesPerRequest">KV cache of one request at the context length, sliding windows honoured.</param>
/// <param name="ActivationBytesPerRequest">Activation workspace per decode request.</param>
/// <param name="MaxBatch">B_cap, requests the pool can hold (0 when the weights alone do not fit).</param>
public sealed record MemoryCapacity(double HbmBytes, double WeightBytes, double KvBytesPerRequest, double ActivationBytesPerRequest, double MaxBatch);

/// <summary>Memory-limited batch, paper Eq. 11.</summary>
public static class MemoryLimitedBatch
{
    /// <summary>
    /// Eq. 11 as printed: [HBM·n_acc − layers·(attention weights·DP + MoE weights)] ÷
    /// [layers·KV bytes per token per layer·L + activation bytes].
    /// </summary>
    public static double Paper(
        double hbmBytesPerDevice,
        int devices,
        int layers,
        double attentionWeightBytesPerLayer,
        int dataParallel,
        double moeWeightBytesPerLayer,
        double kvBytesPerTokenPerLayer,
        double contextTokens,
        double activationBytes)
    {
        var free = (hbmBytesPerDevice * devices) - (layers * ((attentionWeightBytesPerLayer * dataParallel) + moeWeightBytesPerLayer));
        var perRequest = (layers * kvBytesPerTokenPerLayer * contextTokens) + activationBytes;
        return Math.Max(0, free / perRequest);
    }

    /// <summary>
    /// Eq. 11 for a catalog model, generalised to mixed layers: every DP replica holds attention, norms,
    /// dense FFN, shared experts, routers, embedding and LM head; routed experts (plus redundant slots) are held once.
    /// </summary>
    public static MemoryCapacity ForModel(
        ModelArchitecture model,
        double hbmBytesPerDevice,
        int devices,
        int dataParallel,
        long contextTokens,
        int redundantExpertSlots = 0,
        ModelPrecision? precision = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfLessThan(devices, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(dataParallel, 1);
        var p = precision ?? model.Precision;
        var weights = new PoolWeights(model, p);
        var counts = model.LayerCounts;
        double replicated = weights.EmbeddingAndHeadBytes;
        double experts = 0;
        foreach (var kind in Enum.GetValues<LayerKind>())
        {
            replicated += counts[kind] * weights.Replicated(kind);
            experts += counts[kind] * weights.Experts(kind);
        }

        experts += counts.Moe * redundantExpertSlots * weights.ExpertBytes;
        var memory = new ModelMemory(model, p);
        var kv = memory.KvBytesForContext(contextTokens);
        var activations = memory.ActivationBytesPerToken;
        var hbm = hbmBytesPerDevice * devices;
        var weightBytes = (replicated * dataParallel) + experts;
        var batch = Math.Max(0, Math.Floor((hbm - weightBytes) / (kv + activations)));
        return new MemoryCapacity(hbm, weightBytes, kv, activations, batch);
    }
}
