using ClusterSim.Engine;

namespace ClusterSim.Scheduling.Policies;

/// <summary>
/// SLO-aware earliest deadline first: running requests decode first (as in chunked prefill), then waiting prompts
/// are admitted in order of their TTFT deadline, deadline = arrival + <c>slo.ttft_ms</c>.
/// </summary>
/// <remarks>
/// Order of admission, first to last: requests resumed after a preemption (their first token is already out);
/// requests whose deadline is still ahead, earliest deadline first; requests whose deadline has passed, earliest
/// first. Demoting the hopeless ones is what makes the policy SLO-aware: under overload it spends the budget on
/// prompts that can still meet the objective instead of chasing ones already late. Ties keep queue order.
/// Without a TTFT objective every deadline is infinite and the order is plain arrival order.
/// </remarks>
public sealed class EarliestDeadlinePolicy : IBatchPolicy
{
    /// <summary>The scenario name.</summary>
    public const string PolicyName = "slo-edf";

    private readonly long _ttftNs;
    private readonly Func<RequestQueue, SimTime, int> _pickNext;

    /// <summary>A policy with deadlines from <paramref name="context"/>'s TTFT objective.</summary>
    public EarliestDeadlinePolicy(PolicyContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _ttftNs = double.IsFinite(context.TtftSloMs) ? (long)Math.Round(context.TtftSloMs * 1e6) : long.MaxValue;
        _pickNext = PickNext;
    }

    /// <inheritdoc />
    public string Name => PolicyName;

    /// <inheritdoc />
    public void Form(AttentionRank rank, RankBatch batch, in BatchLimits limits, SimTime now)
    {
        var budget = BatchPolicySteps.ScheduleDecodes(rank, batch, limits.MaxBatchTokens, limits.TokensPerDecode);
        budget = BatchPolicySteps.ContinuePrefills(rank, batch, budget);
        BatchPolicySteps.AdmitWaitingInOrder(rank, batch, budget, now, _pickNext);
    }

    /// <summary>The deadline of a request's first token, in nanoseconds; <see cref="long.MaxValue"/> without an objective.</summary>
    public long DeadlineNs(RequestState request) =>
        _ttftNs == long.MaxValue ? long.MaxValue : request.Arrival.Nanoseconds + _ttftNs;

    private int PickNext(RequestQueue waiting, SimTime now)
    {
        var best = 0;
        var bestClass = int.MaxValue;
        var bestDeadline = long.MaxValue;
        for (var i = 0; i < waiting.Count; i++)
        {
            var request = waiting[i];
            var deadline = DeadlineNs(request);
            var cls = request.GeneratedTokens > 0 ? 0 : deadline >= now.Nanoseconds ? 1 : 2;
            // Strictly better keeps the earlier queue position among equals.
            if (cls < bestClass || (cls == bestClass && deadline < bestDeadline))
            {
                best = i;
                bestClass = cls;
                bestDeadline = deadline;
            }
        }

        return best;
    }
}
