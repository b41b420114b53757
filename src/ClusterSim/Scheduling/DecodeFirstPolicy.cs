using ClusterSim.Engine;

namespace ClusterSim.Scheduling;

/// <summary>
/// Chunked prefill with decode priority (Sarathi-Serve, vLLM V1's default): every running request decodes first,
/// the rest of the token budget goes to prefill chunks, oldest first, so long prompts never stall generation.
/// </summary>
public sealed class DecodeFirstPolicy : IBatchPolicy
{
    /// <inheritdoc />
    public string Name => "decode-first";

    /// <inheritdoc />
    public void Form(AttentionRank rank, RankBatch batch, in BatchLimits limits, SimTime now)
    {
        var budget = BatchPolicySteps.ScheduleDecodes(rank, batch, limits.MaxBatchTokens, limits.TokensPerDecode);
        budget = BatchPolicySteps.ContinuePrefills(rank, batch, budget);
        BatchPolicySteps.AdmitWaiting(rank, batch, budget, now);
    }
}
