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
        Latency(json, "ttft_ms", result.Metrics.Ttft);
        Latency(json, "tpot_ms", result.Metrics.Tpot);
        Latency(json, "itl_ms", result.Metrics.Itl);
        json.WriteEndObject();
    }

    private static void Latency(Utf8JsonWriter json, string name, QuantileSketch sketch)
    {
        json.WriteStartObject(name);
        json.WriteNumber("count", sketch.Count);
        var empty = sketch.Count == 0;
        SummaryJsonWriter.Number(json, "mean", empty ? double.NaN : sketch.Mean);
        foreach (var (label, q) in Percentiles)
        {
            SummaryJsonWriter.Number(json, label, empty ? double.NaN : sketch.Quantile(q));
        }

        json.WriteEndObject();
    }
}
