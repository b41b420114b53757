namespace ClusterSim.Hardware;

/// <summary>Where a figure comes from, from most to least trustworthy for a prediction.</summary>
public enum SourceKind
{
    /// <summary>A vendor's published specification.</summary>
    Datasheet,

    /// <summary>A public measurement (benchmark, kernel report, paper).</summary>
    Measured,

    /// <summary>Fitted so that simulator output matches a published measurement.</summary>
    Calibrated,

    /// <summary>A reasoned guess; the source text says why.</summary>
    Assumed,
}

/// <summary>Names of <see cref="SourceKind"/> values as written in files.</summary>
public static class SourceKinds
{
    /// <summary>The names accepted in files, for error messages.</summary>
    public const string AcceptedNames = "datasheet, measured, calibrated, assumed";

    /// <summary>Parses "datasheet", "measured", "calibrated" or "assumed" (case-insensitive).</summary>
    public static bool TryParse(string? text, out SourceKind kind)
    {
        SourceKind? parsed = (text ?? string.Empty).Trim().ToLowerInvariant() switch
        {
            "datasheet" => SourceKind.Datasheet,
            "measured" => SourceKind.Measured,
            "calibrated" => SourceKind.Calibrated,
            "assumed" => SourceKind.Assumed,
            _ => null,
        };
        kind = parsed ?? SourceKind.Assumed;
        return parsed is not null;
    }

    /// <summary>The lower-case name written in files and outputs ("datasheet").</summary>
    public static string Name(this SourceKind kind) => kind.ToString().ToLowerInvariant();
}
