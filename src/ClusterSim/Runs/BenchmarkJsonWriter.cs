using System.Text.Json;
using ClusterSim.Engine.Monitoring;
using ClusterSim.Telemetry;

namespace ClusterSim.Runs;

/// <summary>
/// The <c>benchmark</c> block of summary.json, written for closed-loop runs only (schema in docs/traces.md), so that a
/// run reads like a harness report and open-loop summaries stay as they were.
/// </summary>
internal static class BenchmarkJsonWriter
{
    /// <summary>Percentiles reported for each latency, as the harnesses print them.</summary>
    private static readonly (string Name, double Q)[] Percentiles = [("p50", 0.5), ("p90", 0.9), ("p95", 0.95), ("p99", 0.99)];

    /// <summary>Writes the block when <paramref name="result"/> is a closed-loop run; nothing otherwise.</summary>
    public static void Write(Utf8JsonWriter json, RunResult result)
    {
        if (result.Benchmark is not { } b)
        {
            return;
        }

        json.WriteStartObject("benchmark");
        json.WriteNumber("concurrency", b.Concurrency);
        json.WriteNumber("completed", b.Completed);
        json.WriteNumber("dropped", b.Dropped);
        json.WriteNumber("accelerators", b.Accelerators);
        SummaryJsonWriter.Number(json, "makespan_s", b.MakespanSeconds);
        SummaryJsonWriter.Number(json, "requests_per_s", b.RequestsPerSecond);
        SummaryJsonWriter.Number(json, "output_tokens_per_s", b.OutputTokensPerSecond);
        SummaryJsonWriter.Number(json, "output_tokens_per_s_per_gpu", b.OutputTokensPerSecondPerGpu);
        SummaryJsonWriter.Number(json, "output_tokens_per_s_per_user", b.OutputTokensPerSecondPerUser);
        SummaryJsonWriter.Number(json, "total_tokens_per_s", b.TotalTokensPerSecond);
        // TTFT and TPOT are exact per-request percentiles; ITL (one value per token) is the sketch.
        Latency(json, "ttft_ms", result.Metrics.Ttft.Count, result.Metrics.Ttft.Mean, result.Metrics.Ttft.Quantile);
        Latency(json, "tpot_ms", result.Metrics.Tpot.Count, result.Metrics.Tpot.Mean, result.Metrics.Tpot.Quantile);
        Latency(json, "itl_ms", result.Metrics.Itl.Count, result.Metrics.Itl.Mean, result.Metrics.Itl.Quantile);
        json.WriteEndObject();
    }

    private static void Latency(Utf8JsonWriter json, string name, long count, double mean, Func<double, double> quantile)
    {
        json.WriteStartObject(name);
        json.WriteNumber("count", count);
        var empty = count == 0;
        SummaryJsonWriter.Number(json, "mean", empty ? double.NaN : mean);
        foreach (var (label, q) in Percentiles)
        {
            SummaryJsonWriter.Number(json, label, empty ? double.NaN : quantile(q));
        }

        json.WriteEndObject();
    }
}
