namespace ClusterSim.Measurements;

/// <summary>The file formats of measured end-to-end benchmark results that ClusterSim reads (docs/calibration.md).</summary>
public enum MeasurementFormat
{
    /// <summary>vLLM <c>benchmarks/benchmark_serving.py --save-result</c> (or <c>vllm bench serve --save-result</c>) JSON.</summary>
    Vllm,

    /// <summary>SGLang <c>python -m sglang.bench_serving --output-file</c> JSONL: one JSON object per line, one line per run.</summary>
    Sglang,

    /// <summary><c>trtllm-bench throughput --report_json</c> JSON report.</summary>
    Trtllm,

    /// <summary>A plain per-request CSV: <c>arrival_s,input_tokens,output_tokens,ttft_ms,e2e_ms</c>.</summary>
    Csv,
}

/// <summary>Names and detection of <see cref="MeasurementFormat"/>.</summary>
public static class MeasurementFormats
{
    /// <summary>The names accepted by <c>--format</c>, for messages.</summary>
    public const string AllowedNames = "auto, vllm, sglang, trtllm, csv";

    /// <summary>Parses a --format value (any case); null for <c>auto</c>.</summary>
    /// <returns>False when the name is not one of <see cref="AllowedNames"/>.</returns>
    public static bool TryParse(string text, out MeasurementFormat? format)
    {
        ArgumentNullException.ThrowIfNull(text);
        format = text.ToLowerInvariant() switch
        {
            "vllm" => MeasurementFormat.Vllm,
            "sglang" => MeasurementFormat.Sglang,
            "trtllm" => MeasurementFormat.Trtllm,
            "csv" => MeasurementFormat.Csv,
            _ => null,
        };
        return format is not null || string.Equals(text, "auto", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The lower-case name of a format, as --format and the JSON report write it.</summary>
    public static string Name(MeasurementFormat format) => format.ToString().ToLowerInvariant();
}
