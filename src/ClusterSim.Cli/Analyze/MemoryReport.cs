using ClusterSim.Analysis;

namespace ClusterSim.Cli.Analyze;

/// <summary>The memory-limited batch at one context length.</summary>
/// <param name="ContextTokens">Context length of every request.</param>
/// <param name="KvBytesPerRequest">KV cache of one request, sliding windows and TP replicas included.</param>
/// <param name="ActivationBytesPerRequest">Activation workspace of one decode request.</param>
/// <param name="MaxBatch">B_cap: requests the instance holds (0 when the weights alone do not fit).</param>
/// <param name="MaxBatchPerRank">B_cap ÷ DP.</param>
/// <param name="MaxBatchOverMoeBatch">B_cap ÷ B_MoE (BF16 form); below 1 the experts cannot reach the ridge; null for a dense model.</param>
public sealed record MemoryRow(int ContextTokens, double KvBytesPerRequest, double ActivationBytesPerRequest, double MaxBatch, double MaxBatchPerRank, double? MaxBatchOverMoeBatch);

/// <summary>Paper Eq. 11 for the deployment: what the weights leave of the HBM, divided by what a request needs.</summary>
/// <param name="Accelerators">n_acc of the instance.</param>
/// <param name="HbmBytes">HBM of the instance (capacity × n_acc), all of it, as Eq. 11 does.</param>
/// <param name="WeightBytes">Weights: every DP replica's attention, dense and shared parts, plus the routed experts once per EP group.</param>
/// <param name="KvReplicas">Copies of a request's KV cache across attention TP ranks.</param>
/// <param name="Rows">One row per context length.</param>
public sealed record MemoryReport(int Accelerators, double HbmBytes, double WeightBytes, double KvReplicas, IReadOnlyList<MemoryRow> Rows)
{
    /// <summary>B_cap of the deployment at every context length.</summary>
    public static MemoryReport From(AnalyzeInputs inputs, ThresholdsReport thresholds)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(thresholds);
        var deployment = inputs.Deployment;
        var hbm = inputs.Hardware.Hbm.Capacity.Value.Bytes;
        var results = inputs.ContextTokens
            .Select(l => (Context: l, Result: DeploymentCapacity.Of(inputs.Model, hbm, deployment.Accelerators, deployment.Plan, l, inputs.Precision)))
            .ToArray();
        var rows = results
            .Select(r => new MemoryRow(
                r.Context,
                r.Result.Capacity.KvBytesPerRequest,
                r.Result.Capacity.ActivationBytesPerRequest,
                r.Result.Capacity.MaxBatch,
                r.Result.Capacity.MaxBatch / deployment.AttentionDp,
                thresholds.MoeBatch is { } moe ? r.Result.Capacity.MaxBatch / moe : null))
            .ToArray();
        var first = results[0].Result;
        return new MemoryReport(deployment.Accelerators, first.Capacity.HbmBytes, first.Capacity.WeightBytes, first.KvReplicas, rows);
    }
}
