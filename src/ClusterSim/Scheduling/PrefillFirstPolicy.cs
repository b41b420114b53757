using ClusterSim.Engine;

namespace ClusterSim.Scheduling;

/// <summary>
/// Prefill priority (vLLM V0's default): a step that has prompt work does only prompt work; decodes run in steps
/// with no prefill. Better TTFT, worse TPOT under load: the interference chunked prefill exists to avoid.
/// </summary>
public sealed class PrefillFirstPolicy : IBatchPolicy
{
    /// <inheritdoc />
    public string Name => "prefill-first";

    /// <inheritdoc />
    public void Form(AttentionRank rank, RankBatch batch, in BatchLimits limits, SimTime now)
    {
        var budget = BatchPolicySteps.ContinuePrefills(rank, batch, limits.MaxBatchTokens);
        BatchPolicySteps.AdmitWaiting(rank, batch, budget, now);
        if (batch.Prefills.Count == 0)
        {
            BatchPolicySteps.ScheduleDecodes(rank, batch, limits.MaxBatchTokens, limits.TokensPerDecode);
        }
    }
}
