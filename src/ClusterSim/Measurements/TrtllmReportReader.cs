using System.Text.Json;
using ClusterSim.Input;

namespace ClusterSim.Measurements;

/// <summary>
/// Reads the JSON report of <c>trtllm-bench throughput --report_json</c>. Field names from NVIDIA/TensorRT-LLM
/// <c>tensorrt_llm/bench/dataclasses/reporting.py</c> (<c>ReportUtility.get_statistics_dict</c>, commit 2787769c)
/// and <c>statistics.py</c> (<c>PercentileStats</c>: p50, p90, p95, p99, minimum, maximum, average; commit 77d7fe1e).
/// The report has no per-request data and does not record the concurrency the benchmark was run with.
/// </summary>
public static class TrtllmReportReader
{
    /// <summary>Sections every report has.</summary>
    internal static readonly string[] RequiredKeys = ["performance", "request_info"];

    /// <summary>Reads <paramref name="path"/>.</summary>
    /// <exception cref="InputException">Missing file, not JSON, a required key missing or a value of the wrong kind.</exception>
    public static MeasuredRun Read(string path) => Parse(path, MeasurementFiles.ReadText(path));

    /// <summary>Reads the report from <paramref name="text"/>; <paramref name="path"/> names it in errors.</summary>
    public static MeasuredRun Parse(string path, string text)
    {
        var root = PythonJson.ParseObject(path, string.Empty, text);
        MeasurementFiles.Require(root, path, string.Empty, RequiredKeys, "a trtllm-bench --report_json report");
        var performance = PythonJson.Object(root, path, string.Empty, "performance")!.Value;
        var requestInfo = PythonJson.Object(root, path, string.Empty, "request_info")!.Value;
        MeasurementFiles.Require(performance, path, "performance", ["total_latency_ms", "system_output_throughput_tok_s"], "the report's performance section");
        var world = PythonJson.Object(root, path, string.Empty, "world_info");
        var streaming = PythonJson.Object(root, path, string.Empty, "streaming_metrics");
        var requests = PythonJson.Count(requestInfo, path, "request_info", "num_requests", "requests");
        long? worldSize = world is { } w ? PythonJson.Count(w, path, "world_info", "world_size", "GPUs") : null;
        if (worldSize is 0)
        {
            throw new InputException(path, "world_info.world_size", "is 0; expected the number of GPUs (>= 1)");
        }

        var harness = new HarnessSettings(null, null, requests, worldSize is { } gpus ? checked((int)gpus) : null);
        var totalMs = PythonJson.Figure(performance, path, "performance", "total_latency_ms", "ms");
        var reported = new BenchmarkFigures(
            requests,
            null,
            totalMs / 1000,
            PythonJson.Figure(requestInfo, path, "request_info", "avg_input_length", "tokens"),
            PythonJson.Figure(requestInfo, path, "request_info", "avg_output_length", "tokens"),
            PythonJson.Figure(performance, path, "performance", "system_output_throughput_tok_s", "tokens/s"),
            PythonJson.Figure(performance, path, "performance", "output_throughput_per_gpu_tok_s", "tokens/s"),
            // token_output_speed_tok_s excludes the first token, as ClusterSim's per-user figure does; the report's
            // output_throughput_per_user_tok_s ("[w/ ctx]") counts the prefill time and is a different quantity.
            streaming is { } s1 ? PythonJson.Figure(s1, path, "streaming_metrics", "token_output_speed_tok_s", "tokens/s") : null,
            streaming is { } s2 ? Percentiles(s2, path, "streaming_metrics", "ttft_percentiles") : LatencyFigures.None,
            streaming is { } s3 ? Percentiles(s3, path, "streaming_metrics", "tpot_percentiles") : LatencyFigures.None,
            Percentiles(performance, path, "performance", "request_latency_percentiles_ms"));
        return new MeasuredRun(path, MeasurementFormat.Trtllm, 1, harness, reported, []);
    }

    private static LatencyFigures Percentiles(JsonElement parent, string path, string keyPath, string key)
    {
        if (PythonJson.Object(parent, path, keyPath, key) is not { } stats)
        {
            return LatencyFigures.None;
        }

        var at = PythonJson.Join(keyPath, key);
        return new LatencyFigures(
            PythonJson.Figure(stats, path, at, "average", "ms"),
            PythonJson.Figure(stats, path, at, "p50", "ms"),
            PythonJson.Figure(stats, path, at, "p90", "ms"),
            PythonJson.Figure(stats, path, at, "p99", "ms"));
    }
}
