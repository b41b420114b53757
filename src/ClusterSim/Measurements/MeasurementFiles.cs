using System.Text.Json;
using ClusterSim.Input;

namespace ClusterSim.Measurements;

/// <summary>What the measurement readers share: opening the file, required keys, the concurrency key, means from totals.</summary>
internal static class MeasurementFiles
{
    /// <summary>The whole file as text.</summary>
    /// <exception cref="InputException">It does not exist or is a directory.</exception>
    public static string ReadText(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Directory.Exists(path))
        {
            throw new InputException(path, string.Empty, "is a directory; expected a measurement file (vLLM or trtllm-bench JSON, SGLang JSONL, or a per-request CSV)");
        }

        return File.Exists(path)
            ? File.ReadAllText(path)
            : throw new InputException(path, string.Empty, "file not found; expected a measurement file (vLLM or trtllm-bench JSON, SGLang JSONL, or a per-request CSV)");
    }

    /// <summary>Refuses an object that lacks one of <paramref name="keys"/>, naming the first missing.</summary>
    public static void Require(JsonElement root, string file, string keyPath, IReadOnlyList<string> keys, string what)
    {
        foreach (var key in keys)
        {
            if (!root.TryGetProperty(key, out _))
            {
                throw new InputException(file, PythonJson.Join(keyPath, key), $"is missing; {what} has {string.Join(", ", keys)} (is --format right?)");
            }
        }
    }

    /// <summary><c>max_concurrency</c>: a whole number &gt;= 1, or null (JSON null: unbounded).</summary>
    public static int? Concurrency(JsonElement root, string file, string keyPath)
    {
        var value = PythonJson.Count(root, file, keyPath, "max_concurrency", "requests in flight");
        return value switch
        {
            null => null,
            >= 1 and <= int.MaxValue => (int)value,
            _ => throw new InputException(file, PythonJson.Join(keyPath, "max_concurrency"), $"is {value}; expected a whole number >= 1 or null (unbounded)"),
        };
    }

    /// <summary>A total over completed requests as a mean per request; null when either is unknown or none completed.</summary>
    public static double? PerRequest(long? total, long? completed) =>
        total is { } t && completed is > 0 ? (double)t / completed.Value : null;
}
