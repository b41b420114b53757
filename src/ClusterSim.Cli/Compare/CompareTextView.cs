using System.Globalization;
using ClusterSim.Regression;

namespace ClusterSim.Cli.Compare;

/// <summary>Writes a compare report as plain fixed-width text (script- and CI-log-friendly, no colours).</summary>
public static class CompareTextView
{
    /// <summary>Writes <paramref name="report"/> to <paramref name="output"/>.</summary>
    public static void Write(TextWriter output, CompareReport report)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(report);
        output.WriteLine($"compare {report.Baseline} (baseline) -> {report.Candidate} (candidate)");
        foreach (var pair in report.Pairs)
        {
            output.WriteLine();
            if (pair.Pair.Label.Length > 0)
            {
                output.WriteLine($"point {pair.Pair.Label}: {(pair.Metrics.Passed ? "PASS" : "FAIL")}");
            }

            WriteMetrics(output, pair.Metrics);
            if (pair.Requests is { } requests)
            {
                output.WriteLine();
                WriteRequests(output, requests, report.Top);
            }
        }

        output.WriteLine();
        var failures = report.Pairs.SelectMany(p => p.Metrics.Failures.Select(f => (p.Pair.Label, f))).ToList();
        var gated = report.Pairs.Sum(p => p.Metrics.Metrics.Count(m => m.TolerancePercent is not null));
        if (failures.Count == 0)
        {
            output.WriteLine($"PASS: {gated} of {gated} gates passed");
            return;
        }

        output.WriteLine($"FAIL: {failures.Count} of {gated} gates failed: "
            + string.Join("; ", failures.Select(x => $"{(x.Label.Length > 0 ? x.Label + " " : string.Empty)}{x.f.Metric} {x.f.FailureReason}")));
    }

    private static void WriteMetrics(TextWriter output, RunComparison comparison)
    {
        output.WriteLine($"{"metric",-40} {"baseline",14} {"candidate",14} {"change",10} {"gate",8}  result");
        foreach (var m in comparison.Metrics)
        {
            var gate = m.TolerancePercent is { } t ? t.ToString("0.###", CultureInfo.InvariantCulture) + "%" : "-";
            var result = m.TolerancePercent is null ? string.Empty : m.Passed ? "pass" : AbsentOnOneSide(m) ? "FAIL (absent)" : "FAIL";
            output.WriteLine($"{m.Metric,-40} {SummaryMetrics.Format(m.Baseline),14} {SummaryMetrics.Format(m.Candidate),14} {Percent(m.ChangePercent),10} {gate,8}  {result}".TrimEnd());
        }
    }

    private static void WriteRequests(TextWriter output, RequestComparison r, int top)
    {
        output.WriteLine($"per request (joined by id): {r.Slowed.Count} slower, {r.Faster} faster, {r.Unchanged} unchanged, "
            + $"{r.NewlyDropped.Count} newly dropped, {r.NewlyCompleted} newly completed");
        if (r.OnlyInBaseline > 0 || r.OnlyInCandidate > 0 || r.ArrivalsDiffer > 0)
        {
            output.WriteLine($"note: {r.OnlyInBaseline} ids only in the baseline, {r.OnlyInCandidate} only in the candidate, {r.ArrivalsDiffer} with different "
                + "arrival or prompt: the runs did not replay the same workload, so per-request deltas mix policy and traffic");
        }

        if (r.Slowed.Count > 0)
        {
            output.WriteLine($"most slowed (end to end), top {Math.Min(top, r.Slowed.Count)}:");
            output.WriteLine($"{"id",10} {"e2e_ms base",14} {"e2e_ms cand",14} {"delta_ms",12} {"ttft_ms base",14} {"ttft_ms cand",14}");
            foreach (var d in r.Slowed.Take(top))
            {
                output.WriteLine($"{d.Id.ToString(CultureInfo.InvariantCulture),10} {SummaryMetrics.Format(d.Baseline.E2eMs),14} {SummaryMetrics.Format(d.Candidate.E2eMs),14} "
                    + $"{"+" + SummaryMetrics.Format(d.E2eDeltaMs),12} {SummaryMetrics.Format(d.Baseline.TtftMs),14} {SummaryMetrics.Format(d.Candidate.TtftMs),14}");
            }
        }

        foreach (var d in r.NewlyDropped.Take(top))
        {
            output.WriteLine($"newly dropped: id {d.Id.ToString(CultureInfo.InvariantCulture)} ({d.Candidate.DropReason})");
        }
    }

    private static bool AbsentOnOneSide(MetricDelta m) => double.IsNaN(m.Baseline) != double.IsNaN(m.Candidate);

    private static string Percent(double value) => value switch
    {
        double.NaN => "n/a",
        double.PositiveInfinity => "+inf%",
        double.NegativeInfinity => "-inf%",
        _ => (value > 0 ? "+" : string.Empty) + value.ToString("0.##", CultureInfo.InvariantCulture) + "%",
    };
}
