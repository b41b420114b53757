using System.Text.Json;
using ClusterSim.Input;

namespace ClusterSim.Measurements;

/// <summary>
/// Reads the JSON that vLLM's <c>benchmarks/benchmark_serving.py --save-result</c> (and <c>vllm bench serve
/// --save-result</c>) writes. Field names from vllm-project/vllm <c>benchmarks/benchmark_serving.py</c> (commit
/// 0049e29c) and <c>vllm/benchmarks/serve.py</c> (commit 009e6d4a); docs/calibration.md lists them.
/// </summary>
public static class VllmResultReader
{
    /// <summary>Keys every such file has; a file without them is not a vLLM result.</summary>
    internal static readonly string[] RequiredKeys = ["duration", "completed", "output_throughput"];

    /// <summary>Reads <paramref name="path"/>.</summary>
    /// <exception cref="InputException">Missing file, not JSON, a required key missing or a value of the wrong kind.</exception>
    public static MeasuredRun Read(string path) => Parse(path, MeasurementFiles.ReadText(path));

    /// <summary>Reads the result from <paramref name="text"/>; <paramref name="path"/> names it in errors.</summary>
    public static MeasuredRun Parse(string path, string text)
    {
        var root = PythonJson.ParseObject(path, string.Empty, text);
        MeasurementFiles.Require(root, path, string.Empty, RequiredKeys, "a benchmark_serving.py --save-result file");
        var completed = PythonJson.Count(root, path, string.Empty, "completed", "requests");
        var rate = PythonJson.Number(root, path, string.Empty, "request_rate", "a number of requests/s or \"inf\"");
        if (rate is { } r && (double.IsNaN(r) || r <= 0))
        {
            throw new InputException(path, "request_rate", $"is {PythonJson.Text(r)}; expected a positive number of requests/s or \"inf\"");
        }

        var harness = new HarnessSettings(
            rate,
            MeasurementFiles.Concurrency(root, path, string.Empty),
            PythonJson.Count(root, path, string.Empty, "num_prompts", "prompts"));
        var reported = new BenchmarkFigures(
            completed,
            PythonJson.Count(root, path, string.Empty, "failed", "requests"),
            PythonJson.Figure(root, path, string.Empty, "duration", "seconds"),
            MeasurementFiles.PerRequest(PythonJson.Count(root, path, string.Empty, "total_input_tokens", "tokens"), completed),
            MeasurementFiles.PerRequest(PythonJson.Count(root, path, string.Empty, "total_output_tokens", "tokens"), completed),
            PythonJson.Figure(root, path, string.Empty, "output_throughput", "tokens/s"),
            null,
            null,
            Latency(root, path, "ttft"),
            Latency(root, path, "tpot"),
            Latency(root, path, "e2el"));
        return new MeasuredRun(path, MeasurementFormat.Vllm, 1, harness, reported, HarnessArrays.Read(root, path, string.Empty));
    }

    // mean_X_ms, median_X_ms and pNN_X_ms for the percentiles given to --metric-percentiles (default 99 only).
    private static LatencyFigures Latency(JsonElement root, string path, string metric) => new(
        PythonJson.Figure(root, path, string.Empty, $"mean_{metric}_ms", "ms"),
        PythonJson.Figure(root, path, string.Empty, $"median_{metric}_ms", "ms") ?? PythonJson.Figure(root, path, string.Empty, $"p50_{metric}_ms", "ms"),
        PythonJson.Figure(root, path, string.Empty, $"p90_{metric}_ms", "ms"),
        PythonJson.Figure(root, path, string.Empty, $"p99_{metric}_ms", "ms"));
}
