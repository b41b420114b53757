namespace ClusterSim.Measurements;

/// <summary>
/// What a serving benchmark reports, whether a harness measured it or ClusterSim predicted it: the one shape that
/// measure-error (and a fit) compares. Every figure is nullable: null means the source does not have it, and it is
/// then reported as not measured rather than filled in.
/// </summary>
/// <param name="Completed">Requests that finished successfully.</param>
/// <param name="Failed">Requests that failed (harness) or were dropped (simulation).</param>
/// <param name="DurationSeconds">The benchmark's duration: first request sent to last request ended.</param>
/// <param name="MeanInputTokens">Mean prompt length of finished requests.</param>
/// <param name="MeanOutputTokens">Mean generated length of finished requests.</param>
/// <param name="OutputTokensPerSecond">Generated tokens of finished requests over the duration (all GPUs).</param>
/// <param name="OutputTokensPerSecondPerGpu">As reported by the source; null when it reports no per-GPU figure.</param>
/// <param name="OutputTokensPerSecondPerUser">
/// Mean over finished requests of (output tokens − 1) / (E2E − TTFT): one user's decode speed, first token excluded.
/// </param>
/// <param name="Ttft">Time to first token, ms.</param>
/// <param name="Tpot">Time per output token after the first, per request (E2E − TTFT) / (output − 1), ms.</param>
/// <param name="E2e">End-to-end latency, ms.</param>
public sealed record BenchmarkFigures(
    long? Completed,
    long? Failed,
    double? DurationSeconds,
    double? MeanInputTokens,
    double? MeanOutputTokens,
    double? OutputTokensPerSecond,
    double? OutputTokensPerSecondPerGpu,
    double? OutputTokensPerSecondPerUser,
    LatencyFigures Ttft,
    LatencyFigures Tpot,
    LatencyFigures E2e)
{
    /// <summary>No figure at all.</summary>
    public static BenchmarkFigures None { get; } = new(null, null, null, null, null, null, null, null, LatencyFigures.None, LatencyFigures.None, LatencyFigures.None);

    /// <summary>These figures with each missing one taken from <paramref name="fallback"/>.</summary>
    public BenchmarkFigures Or(BenchmarkFigures fallback)
    {
        ArgumentNullException.ThrowIfNull(fallback);
        return new BenchmarkFigures(
            Completed ?? fallback.Completed,
            Failed ?? fallback.Failed,
            DurationSeconds ?? fallback.DurationSeconds,
            MeanInputTokens ?? fallback.MeanInputTokens,
            MeanOutputTokens ?? fallback.MeanOutputTokens,
            OutputTokensPerSecond ?? fallback.OutputTokensPerSecond,
            OutputTokensPerSecondPerGpu ?? fallback.OutputTokensPerSecondPerGpu,
            OutputTokensPerSecondPerUser ?? fallback.OutputTokensPerSecondPerUser,
            Ttft.Or(fallback.Ttft),
            Tpot.Or(fallback.Tpot),
            E2e.Or(fallback.E2e));
    }

    /// <summary>
    /// The figures of a list of requests, computed the way vLLM's and SGLang's harnesses compute theirs: latencies
    /// over finished requests, TPOT over those with more than one output token, throughput over the span from the
    /// first send to the last end (null when send times are not known). No per-GPU figure: the caller divides by the
    /// deployment's accelerators.
    /// </summary>
    public static BenchmarkFigures FromRequests(IReadOnlyList<MeasuredRequest> requests)
    {
        ArgumentNullException.ThrowIfNull(requests);
        var done = requests.Where(r => r.Succeeded).ToArray();
        var ttft = done.Where(r => r.TtftMs is not null).Select(r => r.TtftMs!.Value).ToArray();
        var e2e = done.Where(r => r.E2eMs is not null).Select(r => r.E2eMs!.Value).ToArray();
        var decoding = done.Where(r => r.OutputTokens > 1 && r.TtftMs is not null && r.E2eMs is not null).ToArray();
        var tpot = decoding.Select(r => (r.E2eMs!.Value - r.TtftMs!.Value) / (r.OutputTokens - 1)).ToArray();
        var perUser = decoding.Where(r => r.E2eMs > r.TtftMs).Select(r => (r.OutputTokens - 1) / ((r.E2eMs!.Value - r.TtftMs!.Value) / 1000)).ToArray();

        double? duration = null;
        if (requests.Count > 0 && requests.All(r => r.ArrivalSeconds is not null && (r.E2eMs is not null || !r.Succeeded)))
        {
            var start = requests.Min(r => r.ArrivalSeconds!.Value);
            var end = requests.Max(r => r.ArrivalSeconds!.Value + ((r.E2eMs ?? 0) / 1000));
            duration = end > start ? end - start : null;
        }

        long outputTokens = done.Sum(r => (long)r.OutputTokens);
        return new BenchmarkFigures(
            done.Length,
            requests.Count - done.Length,
            duration,
            done.Length > 0 ? done.Average(r => (double)r.InputTokens) : null,
            done.Length > 0 ? done.Average(r => (double)r.OutputTokens) : null,
            duration is { } d ? outputTokens / d : null,
            null,
            perUser.Length > 0 ? perUser.Average() : null,
            LatencyFigures.Of(ttft),
            LatencyFigures.Of(tpot),
            LatencyFigures.Of(e2e));
    }
}
