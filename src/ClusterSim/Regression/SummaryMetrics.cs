using System.Globalization;
using System.Text.Json;

namespace ClusterSim.Regression;

/// <summary>The compared metrics of one summary.json, read by dotted path; absent or null values are NaN.</summary>
public sealed class SummaryMetrics
{
    private readonly Dictionary<string, double> _values;

    private SummaryMetrics(Dictionary<string, double> values, string source, bool partial)
    {
        _values = values;
        Source = source;
        Partial = partial;
    }

    /// <summary>True when the run was cancelled: its figures cover only the part that was simulated.</summary>
    public bool Partial { get; }

    /// <summary>Where the summary came from (a file path, or a label).</summary>
    public string Source { get; }

    /// <summary>The value of a metric; NaN when the summary does not carry it (for example an unset SLO).</summary>
    public double this[string path] => _values.GetValueOrDefault(path, double.NaN);

    /// <summary>Reads a summary.json file.</summary>
    /// <exception cref="RegressionInputException">The file is missing or is not a summary.</exception>
    public static SummaryMetrics Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new RegressionInputException($"{path}: file not found");
        }

        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Reads summary.json text; <paramref name="source"/> names it in errors.</summary>
    /// <exception cref="RegressionInputException">The text is not a summary.</exception>
    public static SummaryMetrics Parse(string json, string source)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new RegressionInputException($"{source}: not valid JSON ({e.Message.ReplaceLineEndings(" ")})", e);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("schema_version", out _))
            {
                throw new RegressionInputException($"{source}: not a clustersim summary (no schema_version)");
            }

            // A summary cut short (a truncated or hand-edited file) is bad input, not a regression of every metric.
            foreach (var block in (string[])["requests", "throughput", "latency_ms"])
            {
                if (!document.RootElement.TryGetProperty(block, out var value) || value.ValueKind != JsonValueKind.Object)
                {
                    throw new RegressionInputException($"{source}: not a complete clustersim summary (no '{block}' object)");
                }
            }

            var values = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var metric in ComparedMetrics.All)
            {
                if (Find(document.RootElement, metric.Path) is { ValueKind: JsonValueKind.Number } element)
                {
                    values[metric.Path] = element.GetDouble();
                }
            }

            var partial = document.RootElement.TryGetProperty("partial", out var p) && p.ValueKind == JsonValueKind.True;
            return new SummaryMetrics(values, source, partial);
        }
    }

    /// <summary>Formats a metric value for tables: up to 3 decimals, invariant culture, "n/a" for NaN.</summary>
    public static string Format(double value) =>
        double.IsNaN(value) ? "n/a" : value.ToString("0.###", CultureInfo.InvariantCulture);

    private static JsonElement? Find(JsonElement root, string path)
    {
        var current = root;
        foreach (var part in path.Split('.'))
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(part, out current))
            {
                return null;
            }
        }

        return current;
    }
}

/// <summary>Bad input to a comparison or the regression suite: a missing folder or file, a malformed file, an unknown metric.</summary>
public sealed class RegressionInputException : Exception
{
    /// <summary>An error with a one-line message that names the file and what is wrong.</summary>
    public RegressionInputException(string message)
        : base(message)
    {
    }

    /// <summary>An error with its cause.</summary>
    public RegressionInputException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
