using System.Text.Json;
using ClusterSim.Input;

namespace ClusterSim.Measurements;

/// <summary>
/// The per-request arrays vLLM's <c>--save-result</c> and SGLang's <c>--output-details</c> write beside the summary,
/// one entry per request in the order sent: <c>input_lens</c>, <c>output_lens</c>, <c>ttfts</c> (seconds), <c>itls</c>
/// (a list of seconds per request), <c>errors</c> (empty string when the request succeeded) and, in newer vLLM
/// (<c>vllm/benchmarks/serve.py</c>), <c>latencies</c> and <c>start_times</c> (seconds).
/// </summary>
internal static class HarnessArrays
{
    /// <summary>
    /// The requests the arrays describe; empty when the file has no <c>input_lens</c> and <c>output_lens</c> (the
    /// summary is then all there is). A request's E2E is its <c>latencies</c> entry, or else its TTFT plus the sum of
    /// its inter-token gaps (the harness's latency is the time of the last streamed chunk, and the gaps run from the
    /// first chunk to it); its arrival is its <c>start_times</c> entry when present.
    /// </summary>
    /// <exception cref="InputException">Arrays of different lengths, or entries of the wrong kind.</exception>
    public static IReadOnlyList<MeasuredRequest> Read(JsonElement root, string file, string keyPath)
    {
        var inputs = Numbers(root, file, keyPath, "input_lens", "tokens");
        var outputs = Numbers(root, file, keyPath, "output_lens", "tokens");
        if (inputs is null || outputs is null)
        {
            return [];
        }

        var ttfts = Numbers(root, file, keyPath, "ttfts", "seconds");
        var latencies = Numbers(root, file, keyPath, "latencies", "seconds");
        var starts = Numbers(root, file, keyPath, "start_times", "seconds");
        var itls = Gaps(root, file, keyPath);
        var errors = Errors(root, file, keyPath);
        var count = inputs.Length;
        foreach (var (name, length) in new[] { ("output_lens", outputs.Length), ("ttfts", ttfts?.Length), ("latencies", latencies?.Length), ("start_times", starts?.Length), ("itls", itls?.Length), ("errors", errors?.Length) })
        {
            if (length is { } n && n != count)
            {
                throw new InputException(file, PythonJson.Join(keyPath, name), $"has {n} entries but input_lens has {count}; every per-request array has one entry per request");
            }
        }

        var origin = starts is { Length: > 0 } ? starts.Min() : 0;
        var requests = new MeasuredRequest[count];
        for (var i = 0; i < count; i++)
        {
            var input = Whole(inputs[i], file, keyPath, "input_lens", i);
            var output = Whole(outputs[i], file, keyPath, "output_lens", i);
            var succeeded = errors is not null ? string.IsNullOrEmpty(errors[i]) : output > 0;
            double? ttftMs = ttfts is null ? null : ttfts[i] * 1000;
            double? e2eMs = latencies is not null ? latencies[i] * 1000
                : ttfts is not null && itls is not null ? (ttfts[i] + itls[i]) * 1000
                : null;
            requests[i] = new MeasuredRequest(starts is null ? null : starts[i] - origin, input, output, ttftMs, e2eMs, succeeded);
        }

        return requests;
    }

    private static double[]? Numbers(JsonElement root, string file, string keyPath, string key, string unit)
    {
        if (PythonJson.Array(root, file, keyPath, key) is not { } array)
        {
            return null;
        }

        var values = new double[array.GetArrayLength()];
        var i = 0;
        foreach (var item in array.EnumerateArray())
        {
            values[i] = item.ValueKind == JsonValueKind.Number && item.GetDouble() is var v && double.IsFinite(v) && v >= 0
                ? v
                : throw new InputException(file, $"{PythonJson.Join(keyPath, key)}[{i}]", $"is {item.GetRawText()}; expected a finite number of {unit} (>= 0)");
            i++;
        }

        return values;
    }

    // Each request's inter-token gaps summed: its decode time.
    private static double[]? Gaps(JsonElement root, string file, string keyPath)
    {
        if (PythonJson.Array(root, file, keyPath, "itls") is not { } array)
        {
            return null;
        }

        var sums = new double[array.GetArrayLength()];
        var i = 0;
        foreach (var request in array.EnumerateArray())
        {
            if (request.ValueKind != JsonValueKind.Array)
            {
                throw new InputException(file, $"{PythonJson.Join(keyPath, "itls")}[{i}]", $"is a JSON {request.ValueKind.ToString().ToLowerInvariant()}; expected the request's list of inter-token gaps in seconds");
            }

            foreach (var gap in request.EnumerateArray())
            {
                sums[i] += gap.ValueKind == JsonValueKind.Number && gap.GetDouble() is var g && double.IsFinite(g) && g >= 0
                    ? g
                    : throw new InputException(file, $"{PythonJson.Join(keyPath, "itls")}[{i}]", $"holds {gap.GetRawText()}; expected finite numbers of seconds (>= 0)");
            }

            i++;
        }

        return sums;
    }

    private static string?[]? Errors(JsonElement root, string file, string keyPath)
    {
        if (PythonJson.Array(root, file, keyPath, "errors") is not { } array)
        {
            return null;
        }

        var errors = new string?[array.GetArrayLength()];
        var i = 0;
        foreach (var item in array.EnumerateArray())
        {
            errors[i] = item.ValueKind switch
            {
                JsonValueKind.String => item.GetString(),
                JsonValueKind.Null => null,
                _ => throw new InputException(file, $"{PythonJson.Join(keyPath, "errors")}[{i}]", $"is {item.GetRawText()}; expected a string (empty when the request succeeded)"),
            };
            i++;
        }

        return errors;
    }

    private static int Whole(double value, string file, string keyPath, string key, int index) =>
        Math.Floor(value) == value && value <= int.MaxValue
            ? (int)value
            : throw new InputException(file, $"{PythonJson.Join(keyPath, key)}[{index}]", $"is {PythonJson.Text(value)}; expected a whole number of tokens");
}
