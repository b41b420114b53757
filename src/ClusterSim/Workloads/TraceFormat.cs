namespace ClusterSim.Workloads;

/// <summary>The request-trace file formats ClusterSim reads.</summary>
public enum TraceFormat
{
    /// <summary>Azure LLM inference traces 2023 and 2024: CSV <c>TIMESTAMP,ContextTokens,GeneratedTokens</c>.</summary>
    Azure,

    /// <summary>BurstGPT: CSV <c>Timestamp,Model,Request tokens,Response tokens,Total tokens,Log Type</c>.</summary>
    BurstGpt,

    /// <summary>Mooncake: JSON lines with <c>timestamp</c> (ms), <c>input_length</c>, <c>output_length</c>, <c>hash_ids</c>.</summary>
    Mooncake,
}

/// <summary>Names of <see cref="TraceFormat"/> values as scenario files spell them.</summary>
public static class TraceFormats
{
    /// <summary>The accepted names, for error messages.</summary>
    public const string AllowedNames = "azure (also azure-2023, azure-2024), burstgpt, mooncake";

    /// <summary>Parses a scenario name (case-insensitive).</summary>
    public static bool TryParse(string? name, out TraceFormat format)
    {
        switch (name?.Trim().ToLowerInvariant())
        {
            case "azure" or "azure-2023" or "azure-2024":
                format = TraceFormat.Azure;
                return true;
            case "burstgpt":
                format = TraceFormat.BurstGpt;
                return true;
            case "mooncake":
                format = TraceFormat.Mooncake;
                return true;
            default:
                format = default;
                return false;
        }
    }

    /// <summary>The canonical scenario name of a format.</summary>
    public static string Name(this TraceFormat format) => format switch
    {
        TraceFormat.Azure => "azure",
        TraceFormat.BurstGpt => "burstgpt",
        TraceFormat.Mooncake => "mooncake",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "unknown trace format"),
    };
}
