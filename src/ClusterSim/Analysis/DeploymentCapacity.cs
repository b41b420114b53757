using ClusterSim.Models;

namespace ClusterSim.Analysis;

/// <summary>The memory-limited batch of one serving instance: Eq. 11 with the instance's parallel plan applied.</summary>
/// <param name="Capacity">HBM, weights, per-request bytes and B_cap of the instance.</param>
/// <param name="KvReplicas">Copies of each request's KV cache the plan keeps (MLA under attention TP keeps TP copies).</param>
/// <param name="ExpertGroups">EP groups in the instance (accelerators ÷ EP), each holding every routed expert.</param>
public sealed record DeploymentCapacityResult(MemoryCapacity Capacity, double KvReplicas, int ExpertGroups);

/// <summary>
/// <see cref="MemoryLimitedBatch.ForModel"/> for an instance of <c>accelerators</c> devices under a plan: routed
/// experts are held once per EP group (plus redundant slots), and the KV cache of a request is multiplied by the
/// copies attention TP forces (the whole MLA latent on every TP rank; GQA KV heads replicated once TP exceeds them).
/// </summary>
public static class DeploymentCapacity
{
    /// <summary>B_cap of one instance at <paramref name="contextTokens"/> tokens of context per request.</summary>
    public static DeploymentCapacityResult Of(
        ModelArchitecture model,
        double hbmBytesPerDevice,
        int accelerators,
        ParallelPlan plan,
        long contextTokens,
        ModelPrecision? precision = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentOutOfRangeException.ThrowIfLessThan(accelerators, 1);
        var groups = Math.Max(1, accelerators / plan.ExpertParallel);
        var routed = model.Moe?.RoutedExperts ?? 0;
        // ForModel holds E experts once; every further copy (other EP groups, redundant slots) is an extra slot.
        var extraSlots = model.IsMoe ? (groups * (routed + plan.RedundantExpertSlots)) - routed : 0;
        var once = MemoryLimitedBatch.ForModel(model, hbmBytesPerDevice, accelerators, plan.AttentionDataParallel, contextTokens, extraSlots, precision);
        var replicas = KvReplicas(model, plan.AttentionTensorParallel);
        var perRequest = (once.KvBytesPerRequest * replicas) + once.ActivationBytesPerRequest;
        var batch = Math.Max(0, Math.Floor((once.HbmBytes - once.WeightBytes) / perRequest));
        return new DeploymentCapacityResult(once with { KvBytesPerRequest = once.KvBytesPerRequest * replicas, MaxBatch = batch }, replicas, groups);
    }

    /// <summary>Copies of a request's KV cache across the TP ranks of one attention replica.</summary>
    public static double KvReplicas(ModelArchitecture model, int attentionTensorParallel)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfLessThan(attentionTensorParallel, 1);
        if (model.Mla is not null)
        {
            return attentionTensorParallel;
        }

        // Each rank keeps max(1, KV heads / TP) heads, so TP ranks beyond the head count hold replicas.
        return Math.Max(1.0, (double)attentionTensorParallel / model.KeyValueHeads);
    }
}
