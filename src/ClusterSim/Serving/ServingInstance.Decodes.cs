using ClusterSim.Engine;
using ClusterSim.Scheduling;

namespace ClusterSim.Serving;

/// <summary>
/// Applying a step's decodes: the one pass per step over each rank's decoding requests after the step, and the token
/// records observers receive from it.
/// </summary>
public sealed partial class ServingInstance
{
    /// <summary>
    /// Advances every decode request of <paramref name="rankBatch"/> by the tokens it produced, in one pass over the
    /// step's decode list. Observers hear of the tokens as runs of consecutive requests that produced the same count
    /// after the same interval (in steady state the whole rank, since its requests last produced at the same step's
    /// end), each run delivered before any first token or completion that follows it in the list: the same records, in
    /// the same order, with the same request state, as one call per request.
    /// </summary>
    private void ApplyDecodes(AttentionRank rank, RankBatch rankBatch, SimTime now)
    {
        var decodes = rankBatch.DecodeSpan;
        var runStart = 0;
        var runTokens = 0;
        var runInterval = default(SimDuration);
        for (var i = 0; i < decodes.Length; i++)
        {
            var request = decodes[i];
            if (request.GeneratedTokens == 0)
            {
                // Observers hear of the tokens before this request's first token, as they happened.
                ReportRun(rank, decodes[runStart..i], runTokens, runInterval, now);
                runStart = i + 1;
                // Preloaded KV (no prefill ran): this first decode step samples the first token.
                SampleFirstToken(rank, request, now);
                if (request.RemainingOutputTokens <= 0)
                {
                    Finish(rank, request, now);
                }

                continue;
            }

            var tokens = Math.Min(_speculation.DraftTokens == 0 ? 1 : AcceptedTokens(), request.RemainingOutputTokens);
            var interval = now - request.LastToken;
            if (i > runStart && (tokens != runTokens || interval != runInterval))
            {
                ReportRun(rank, decodes[runStart..i], runTokens, runInterval, now);
                runStart = i;
            }

            runTokens = tokens;
            runInterval = interval;
            request.GeneratedTokens += tokens;
            if (request.RemainingOutputTokens <= 0)
            {
                ReportRun(rank, decodes[runStart..(i + 1)], runTokens, runInterval, now);
                runStart = i + 1;
                Finish(rank, request, now);
            }
        }

        ReportRun(rank, decodes[runStart..], runTokens, runInterval, now);
    }

    // Takes a run's tokens off the rank's load, delivers the run, then moves each request's last-token time to now
    // (observers measure the interval from the time before). The load is exact again before anything else is reported.
    private void ReportRun(AttentionRank rank, ReadOnlySpan<RequestState> run, int tokens, SimDuration interval, SimTime now)
    {
        if (run.IsEmpty)
        {
            return;
        }

        rank.OutstandingTokens -= (long)tokens * run.Length;
        _host.Observer.OnTokens(run, tokens, interval);
        foreach (var request in run)
        {
            request.LastToken = now;
        }
    }

    // The first output token: sampled by the last prefill chunk, or by the first decode step of a preloaded request.
    private void SampleFirstToken(AttentionRank rank, RequestState request, SimTime now)
    {
        request.GeneratedTokens = 1;
        rank.OutstandingTokens -= 1;
        request.FirstToken = now;
        request.LastToken = now;
        _host.Observer.OnFirstToken(request);
    }

    private int AcceptedTokens()
    {
        var tokens = 1;
        for (var i = 0; i < _speculation.DraftTokens && _acceptance.NextDouble() < _speculation.AcceptanceRate; i++)
        {
            tokens++;
        }

        return tokens;
    }
}
