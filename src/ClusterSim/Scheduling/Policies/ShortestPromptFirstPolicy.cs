using ClusterSim.Engine;

namespace ClusterSim.Scheduling.Policies;

/// <summary>
/// Shortest prompt first with aging: running requests decode first (as in chunked prefill), then waiting prompts
/// are admitted by smallest score, score = prompt tokens − aging rate × seconds waited.
/// </summary>
/// <remarks>
/// Aging rule: every second a request waits takes <see cref="AgingTokensPerSecond"/> tokens off its score (default
/// 1,000 tokens per second). A fresh arrival's score is its prompt length, at least 1, so a request with a prompt
/// of P tokens has a score below every later arrival after at most P / rate seconds; from then on only requests
/// that were already waiting can go before it, and there are finitely many of them: nothing starves. Requests
/// resumed after a preemption go first, whatever their length. Ties keep queue order.
/// </remarks>
public sealed class ShortestPromptFirstPolicy : IBatchPolicy
{
    /// <summary>The scenario name.</summary>
    public const string PolicyName = "shortest-prompt-first";

    /// <summary>The default aging rate: prompt tokens forgiven per second of waiting.</summary>
    public const double DefaultAgingTokensPerSecond = 1000;

    private readonly Func<RequestQueue, SimTime, int> _pickNext;

    /// <summary>A policy with the given aging rate (tokens of score per second waited, above 0).</summary>
    public ShortestPromptFirstPolicy(double agingTokensPerSecond = DefaultAgingTokensPerSecond)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(agingTokensPerSecond);
        AgingTokensPerSecond = agingTokensPerSecond;
        _pickNext = PickNext;
    }

    /// <summary>Prompt tokens taken off a waiting request's score per second it waits.</summary>
    public double AgingTokensPerSecond { get; }

    /// <inheritdoc />
    public string Name => PolicyName;

    /// <inheritdoc />
    public void Form(AttentionRank rank, RankBatch batch, in BatchLimits limits, SimTime now)
    {
        var budget = BatchPolicySteps.ScheduleDecodes(rank, batch, limits.MaxBatchTokens, limits.TokensPerDecode);
        budget = BatchPolicySteps.ContinuePrefills(rank, batch, budget);
        BatchPolicySteps.AdmitWaitingInOrder(rank, batch, budget, now, _pickNext);
    }

    /// <summary>A waiting request's score at <paramref name="now"/>: lower goes first.</summary>
    public double Score(RequestState request, SimTime now) =>
        request.PromptTokens - (AgingTokensPerSecond * (now - request.Arrival).TotalSeconds);

    private int PickNext(RequestQueue waiting, SimTime now)
    {
        var best = 0;
        var bestResumed = false;
        var bestScore = double.PositiveInfinity;
        for (var i = 0; i < waiting.Count; i++)
        {
            var request = waiting[i];
            var resumed = request.GeneratedTokens > 0;
            var score = Score(request, now);
            if ((resumed && !bestResumed) || (resumed == bestResumed && score < bestScore))
            {
                best = i;
                bestResumed = resumed;
                bestScore = score;
            }
        }

        return best;
    }
}
