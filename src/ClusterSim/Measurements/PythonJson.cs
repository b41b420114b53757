using System.Globalization;
using System.Text;
using System.Text.Json;
using ClusterSim.Input;

namespace ClusterSim.Measurements;

/// <summary>
/// Reading the JSON that Python's <c>json.dump</c> writes, with one-line errors naming the file and key. Python writes
/// a float infinity or NaN as the bare tokens <c>Infinity</c>, <c>-Infinity</c> and <c>NaN</c>, which are not JSON:
/// SGLang's <c>request_rate</c> is <c>Infinity</c> whenever all requests were sent at once. They are quoted before
/// parsing and read back as numbers.
/// </summary>
internal static class PythonJson
{
    /// <summary>Parses one JSON object; <paramref name="where"/> names the record in errors ("line 3" or empty).</summary>
    /// <exception cref="InputException">Not JSON, or not an object.</exception>
    public static JsonElement ParseObject(string file, string where, string text)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(QuoteNonFinite(text), new JsonDocumentOptions { AllowTrailingCommas = false, MaxDepth = 64 });
        }
        catch (JsonException e)
        {
            throw new InputException(file, where, $"is not valid JSON ({e.Message.Split('.')[0]}); expected the object the harness writes", e);
        }

        using (document)
        {
            var root = document.RootElement.Clone();
            return root.ValueKind == JsonValueKind.Object
                ? root
                : throw new InputException(file, where, $"is a JSON {root.ValueKind.ToString().ToLowerInvariant()}; expected an object of benchmark results");
        }
    }

    /// <summary>
    /// The text with bare <c>Infinity</c>, <c>-Infinity</c> and <c>NaN</c> outside strings put in quotes, everything
    /// else unchanged.
    /// </summary>
    public static string QuoteNonFinite(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.Contains("Infinity", StringComparison.Ordinal) && !text.Contains("NaN", StringComparison.Ordinal))
        {
            return text;
        }

        var output = new StringBuilder(text.Length + 16);
        var inString = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (inString)
            {
                output.Append(c);
                if (c == '\\' && i + 1 < text.Length)
                {
                    output.Append(text[++i]);
                }
                else if (c == '"')
                {
                    inString = false;
                }

                continue;
            }

            if (c == '"')
            {
                inString = true;
                output.Append(c);
                continue;
            }

            var token = Starts(text, i, "-Infinity") ?? Starts(text, i, "Infinity") ?? Starts(text, i, "NaN");
            if (token is not null)
            {
                output.Append('"').Append(token).Append('"');
                i += token.Length - 1;
                continue;
            }

            output.Append(c);
        }

        return output.ToString();
    }

    /// <summary>An optional number: null when the key is absent or JSON null; Python's non-finite tokens read as numbers.</summary>
    /// <exception cref="InputException">Present but neither a number nor one of the non-finite tokens.</exception>
    public static double? Number(JsonElement parent, string file, string keyPath, string key, string allowed = "a number")
    {
        if (!parent.TryGetProperty(key, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.Number => value.GetDouble(),
            JsonValueKind.String => value.GetString() switch
            {
                "Infinity" or "inf" => double.PositiveInfinity,
                "-Infinity" or "-inf" => double.NegativeInfinity,
                "NaN" or "nan" => double.NaN,
                var s => throw new InputException(file, Join(keyPath, key), $"is the string \"{s}\"; expected {allowed}"),
            },
            _ => throw new InputException(file, Join(keyPath, key), $"is a JSON {value.ValueKind.ToString().ToLowerInvariant()}; expected {allowed}"),
        };
    }

    /// <summary>An optional figure that must be finite and at least 0; NaN (numpy's mean of nothing) reads as absent.</summary>
    /// <exception cref="InputException">Negative or infinite, or not a number.</exception>
    public static double? Figure(JsonElement parent, string file, string keyPath, string key, string unit)
    {
        var value = Number(parent, file, keyPath, key, $"a number of {unit} (>= 0)");
        if (value is { } v && double.IsNaN(v))
        {
            return null;
        }

        return value is { } x && (!double.IsFinite(x) || x < 0)
            ? throw new InputException(file, Join(keyPath, key), $"is {Text(x)}; expected a finite number of {unit} (>= 0)")
            : value;
    }

    /// <summary>An optional count: a whole number &gt;= 0.</summary>
    public static long? Count(JsonElement parent, string file, string keyPath, string key, string what)
    {
        var value = Number(parent, file, keyPath, key, $"a whole number of {what} (>= 0)");
        return value switch
        {
            null => null,
            { } v when double.IsFinite(v) && v >= 0 && Math.Floor(v) == v && v <= long.MaxValue => (long)v,
            { } v => throw new InputException(file, Join(keyPath, key), $"is {Text(v)}; expected a whole number of {what} (>= 0)"),
        };
    }

    /// <summary>An optional object member; null when absent or JSON null.</summary>
    public static JsonElement? Object(JsonElement parent, string file, string keyPath, string key)
    {
        if (!parent.TryGetProperty(key, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Object
            ? value
            : throw new InputException(file, Join(keyPath, key), $"is a JSON {value.ValueKind.ToString().ToLowerInvariant()}; expected an object");
    }

    /// <summary>An optional array member; null when absent or JSON null.</summary>
    public static JsonElement? Array(JsonElement parent, string file, string keyPath, string key)
    {
        if (!parent.TryGetProperty(key, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Array
            ? value
            : throw new InputException(file, Join(keyPath, key), $"is a JSON {value.ValueKind.ToString().ToLowerInvariant()}; expected an array (one entry per request)");
    }

    /// <summary>"a.b", or "b" when <paramref name="keyPath"/> is empty.</summary>
    /// <remarks>A JSONL record ("line 3") is set off by a colon: "line 3: duration".</remarks>
    public static string Join(string keyPath, string key) =>
        string.IsNullOrEmpty(keyPath) ? key
        : keyPath.StartsWith("line ", StringComparison.Ordinal) && !keyPath.Contains(':', StringComparison.Ordinal) ? $"{keyPath}: {key}"
        : $"{keyPath}.{key}";

    /// <summary>A number for a message.</summary>
    public static string Text(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string? Starts(string text, int at, string token) =>
        string.CompareOrdinal(text, at, token, 0, token.Length) == 0 ? token : null;
}
