using System.Text.Json;
using ClusterSim.Regression;

namespace ClusterSim.Cli.Compare;

/// <summary>Writes a compare report as JSON (schema in docs/scheduling.md); NaN and infinities are written as null.</summary>
public static class CompareJsonView
{
    /// <summary>Writes <paramref name="report"/> to <paramref name="stream"/>.</summary>
    public static void Write(Stream stream, CompareReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("baseline", report.Baseline);
        json.WriteString("candidate", report.Candidate);
        json.WriteBoolean("passed", report.Passed);
        json.WriteStartArray("gates");
        foreach (var gate in report.Gates)
        {
            json.WriteStartObject();
            json.WriteString("metric", gate.Metric);
            Number(json, "tolerance_percent", gate.TolerancePercent);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("comparisons");
        foreach (var pair in report.Pairs)
        {
            WritePair(json, pair, report.Top);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WritePair(Utf8JsonWriter json, PairReport pair, int top)
    {
        json.WriteStartObject();
        json.WriteString("point", pair.Pair.Label);
        json.WriteBoolean("passed", pair.Metrics.Passed);
        json.WriteStartArray("metrics");
        foreach (var m in pair.Metrics.Metrics)
        {
            json.WriteStartObject();
            json.WriteString("metric", m.Metric);
            json.WriteString("better", m.Direction == MetricDirection.LowerIsBetter ? "lower" : "higher");
            Number(json, "baseline", m.Baseline);
            Number(json, "candidate", m.Candidate);
            Number(json, "change_percent", m.ChangePercent);
            if (m.TolerancePercent is { } t)
            {
                Number(json, "tolerance_percent", t);
                json.WriteBoolean("passed", m.Passed);
                if (m.FailureReason is { } reason)
                {
                    json.WriteString("reason", reason);
                }
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        if (pair.Requests is { } r)
        {
            json.WriteStartObject("requests");
            json.WriteNumber("slower", r.Slowed.Count);
            json.WriteNumber("faster", r.Faster);
            json.WriteNumber("unchanged", r.Unchanged);
            json.WriteNumber("newly_dropped", r.NewlyDropped.Count);
            json.WriteNumber("newly_completed", r.NewlyCompleted);
            json.WriteNumber("only_in_baseline", r.OnlyInBaseline);
            json.WriteNumber("only_in_candidate", r.OnlyInCandidate);
            json.WriteNumber("arrivals_differ", r.ArrivalsDiffer);
            json.WriteStartArray("most_slowed");
            foreach (var d in r.Slowed.Take(top))
            {
                json.WriteStartObject();
                json.WriteNumber("id", d.Id);
                Number(json, "baseline_e2e_ms", d.Baseline.E2eMs);
                Number(json, "candidate_e2e_ms", d.Candidate.E2eMs);
                Number(json, "delta_e2e_ms", d.E2eDeltaMs);
                Number(json, "baseline_ttft_ms", d.Baseline.TtftMs);
                Number(json, "candidate_ttft_ms", d.Candidate.TtftMs);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("newly_dropped_ids");
            foreach (var d in r.NewlyDropped)
            {
                json.WriteNumberValue(d.Id);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndObject();
    }

    private static void Number(Utf8JsonWriter json, string name, double value)
    {
        if (double.IsFinite(value))
        {
            json.WriteNumber(name, Math.Round(value, 6));
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
