using ClusterSim.Engine;

namespace ClusterSim.Scheduling;

/// <summary>
/// Chunked prefill with decode priority (Sarathi-Serve, vLLM V1's default): every running request decodes first,
/// the rest of the token budget goes to prefill chunks, oldest first, so long prompts never stall generation.
/// </summary>
/// <remarks>Also registered as <c>chunked-prefill</c>: Sarathi's stall-free batching is exactly this order.</remarks>
public sealed class DecodeFirstPolicy : IBatchPolicy
{
    /// <summary>The policy under its usual name, decode-first.</summary>
    public DecodeFirstPolicy()
        : this("decode-first")
    {
    }

    /// <summary>The policy under another name (chunked-prefill).</summary>
    public DecodeFirstPolicy(string name)
    {
        Name = name;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public void Form(AttentionRank rank, RankBatch batch, in BatchLimits limits, SimTime now)
    {
        var budget = BatchPolicySteps.ScheduleDecodes(rank, batch, limits.MaxBatchTokens, limits.TokensPerDecode);
        budget = BatchPolicySteps.ContinuePrefills(rank, batch, budget);
        BatchPolicySteps.AdmitWaiting(rank, batch, budget, now);
    }
}
