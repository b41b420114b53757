using System.Text.Json;
using ClusterSim.Input;

namespace ClusterSim.Measurements;

/// <summary>Reads a measurement file of any supported format, telling the format from the file when not given.</summary>
public static class MeasurementReader
{
    /// <summary>
    /// Every run in <paramref name="path"/> (several only for an SGLang JSONL file with several lines).
    /// <paramref name="format"/> null means auto: <c>.csv</c> is the per-request CSV, <c>.jsonl</c> SGLang, and a JSON
    /// object is told by its keys (<c>performance</c>: trtllm-bench; <c>mean_e2e_latency_ms</c>,
    /// <c>total_output_tokens_retokenized</c> or <c>dataset_name</c>: SGLang; otherwise vLLM).
    /// </summary>
    /// <exception cref="InputException">Anything wrong with the file, one line naming it and the key or row.</exception>
    public static IReadOnlyList<MeasuredRun> ReadAll(string path, MeasurementFormat? format = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        var chosen = format ?? Detect(path);
        return chosen switch
        {
            MeasurementFormat.Csv => [RequestCsvReader.Read(path)],
            MeasurementFormat.Sglang => SglangResultReader.ReadAll(path),
            MeasurementFormat.Trtllm => [TrtllmReportReader.Read(path)],
            _ => [VllmResultReader.Read(path)],
        };
    }

    /// <summary>
    /// The one run of <paramref name="path"/>, or run number <paramref name="record"/> (1-based) of a file holding
    /// several (an SGLang JSONL file appended to by several benchmark runs).
    /// </summary>
    /// <exception cref="InputException">Several runs and no record chosen, or a record out of range.</exception>
    public static MeasuredRun Read(string path, MeasurementFormat? format = null, int? record = null)
    {
        var runs = ReadAll(path, format);
        if (record is { } r)
        {
            return r >= 1 && r <= runs.Count
                ? runs[r - 1]
                : throw new InputException(path, string.Empty, $"has {runs.Count} run(s); --record must be 1..{runs.Count}");
        }

        return runs.Count == 1
            ? runs[0]
            : throw new InputException(path, string.Empty, $"holds {runs.Count} runs (one per line); choose one with --record 1..{runs.Count}");
    }

    /// <summary>The format of <paramref name="path"/> from its extension and, for JSON, its keys.</summary>
    /// <exception cref="InputException">Missing file, or JSON of none of the known shapes.</exception>
    public static MeasurementFormat Detect(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var extension = Path.GetExtension(path).ToLowerInvariant();
        if (extension == ".csv")
        {
            return MeasurementFormat.Csv;
        }

        var text = MeasurementFiles.ReadText(path);
        if (extension == ".jsonl")
        {
            return MeasurementFormat.Sglang;
        }

        var firstLine = text.Split('\n').FirstOrDefault(l => !string.IsNullOrWhiteSpace(l)) ?? string.Empty;
        if (!firstLine.TrimStart().StartsWith('{'))
        {
            throw new InputException(path, string.Empty, $"is not JSON and not named .csv; cannot tell its format, so pass --format ({MeasurementFormats.AllowedNames})");
        }

        // A vLLM or trtllm-bench file is one object (possibly indented); a JSONL file of SGLang runs has one per line.
        JsonElement root;
        try
        {
            root = PythonJson.ParseObject(path, string.Empty, text);
        }
        catch (InputException)
        {
            root = PythonJson.ParseObject(path, "line 1", firstLine);
        }

        if (root.TryGetProperty("performance", out _))
        {
            return MeasurementFormat.Trtllm;
        }

        return root.TryGetProperty("mean_e2e_latency_ms", out _) || root.TryGetProperty("total_output_tokens_retokenized", out _) || root.TryGetProperty("dataset_name", out _)
            ? MeasurementFormat.Sglang
            : MeasurementFormat.Vllm;
    }
}
