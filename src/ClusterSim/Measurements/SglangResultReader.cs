using System.Text.Json;
using ClusterSim.Input;

namespace ClusterSim.Measurements;

/// <summary>
/// Reads the JSONL that SGLang's <c>python -m sglang.bench_serving --output-file</c> appends to: one JSON object per
/// line, one line per benchmark run. Field names from sgl-project/sglang <c>python/sglang/bench_serving.py</c>
/// (commit 0033168f); docs/calibration.md lists them.
/// </summary>
public static class SglangResultReader
{
    /// <summary>Keys every line has; a line without them is not an SGLang result.</summary>
    internal static readonly string[] RequiredKeys = ["duration", "completed", "output_throughput"];

    /// <summary>Every run in <paramref name="path"/>, in file order (blank lines skipped).</summary>
    /// <exception cref="InputException">Missing or empty file, a line that is not such an object (named "line N").</exception>
    public static IReadOnlyList<MeasuredRun> ReadAll(string path) => ParseAll(path, MeasurementFiles.ReadText(path));

    /// <summary>Every run in <paramref name="text"/>; <paramref name="path"/> names it in errors.</summary>
    public static IReadOnlyList<MeasuredRun> ParseAll(string path, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var runs = new List<MeasuredRun>();
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (!string.IsNullOrWhiteSpace(lines[i]))
            {
                runs.Add(ParseLine(path, $"line {i + 1}", lines[i], runs.Count + 1));
            }
        }

        return runs.Count > 0
            ? runs
            : throw new InputException(path, string.Empty, "holds no results; expected one JSON object per line as sglang.bench_serving --output-file writes");
    }

    private static MeasuredRun ParseLine(string path, string line, string text, int record)
    {
        var root = PythonJson.ParseObject(path, line, text);
        MeasurementFiles.Require(root, path, line, RequiredKeys, "an sglang.bench_serving --output-file line");
        var completed = PythonJson.Count(root, path, line, "completed", "requests");
        var rate = PythonJson.Number(root, path, line, "request_rate", "a number of requests/s or Infinity");
        if (rate is { } r && (double.IsNaN(r) || r <= 0))
        {
            throw new InputException(path, PythonJson.Join(line, "request_rate"), $"is {PythonJson.Text(r)}; expected a positive number of requests/s or Infinity");
        }

        var requests = HarnessArrays.Read(root, path, line);
        var harness = new HarnessSettings(rate, MeasurementFiles.Concurrency(root, path, line), requests.Count > 0 ? requests.Count : null);
        var reported = new BenchmarkFigures(
            completed,
            null,
            PythonJson.Figure(root, path, line, "duration", "seconds"),
            MeasurementFiles.PerRequest(PythonJson.Count(root, path, line, "total_input_tokens", "tokens"), completed),
            MeasurementFiles.PerRequest(PythonJson.Count(root, path, line, "total_output_tokens", "tokens"), completed),
            PythonJson.Figure(root, path, line, "output_throughput", "tokens/s"),
            null,
            null,
            Latency(root, path, line, "ttft"),
            Latency(root, path, line, "tpot"),
            Latency(root, path, line, "e2e_latency"));
        return new MeasuredRun(path, MeasurementFormat.Sglang, record, harness, reported, requests);
    }

    // SGLang writes mean, median and p99 of TTFT, TPOT and E2E (mean_e2e_latency_ms ...); no p90.
    private static LatencyFigures Latency(JsonElement root, string path, string line, string metric) => new(
        PythonJson.Figure(root, path, line, $"mean_{metric}_ms", "ms"),
        PythonJson.Figure(root, path, line, $"median_{metric}_ms", "ms"),
        PythonJson.Figure(root, path, line, $"p90_{metric}_ms", "ms"),
        PythonJson.Figure(root, path, line, $"p99_{metric}_ms", "ms"));
}
