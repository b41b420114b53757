namespace ClusterSim.RunFolders;

/// <summary>The names of the files a run folder may hold, in one place.</summary>
/// <remarks>
/// <c>run --force</c> empties a folder only when every entry in it is one of these names (or a temporary file of
/// one, left by a killed run), so a mistyped --out can never wipe a folder that is not a run folder.
/// </remarks>
public static class RunFolderLayout
{
    /// <summary>One row per request.</summary>
    public const string Requests = "requests.csv";

    /// <summary>Per-pool buckets of busy shares, occupancy and traffic.</summary>
    public const string Timeseries = "timeseries.csv";

    /// <summary>requests.csv's table as Parquet (outputs.format: parquet), written instead of it.</summary>
    public const string RequestsParquet = "requests.parquet";

    /// <summary>timeseries.csv's table as Parquet (outputs.format: parquet), written instead of it.</summary>
    public const string TimeseriesParquet = "timeseries.parquet";

    /// <summary>The Chrome/Perfetto trace (outputs.trace).</summary>
    public const string Trace = "trace.json";

    /// <summary>The run's figures; written last, so its presence means every other file is complete.</summary>
    public const string Summary = "summary.json";

    /// <summary>The run's log (compact JSON lines).</summary>
    public const string Log = "log.clef";

    /// <summary>A sweep point's identity and constants.</summary>
    public const string PointManifest = "point.json";

    /// <summary>The self-contained report the CLI renders from the other files.</summary>
    public const string Report = "report.html";

    /// <summary>Every name above.</summary>
    public static IReadOnlyList<string> FileNames { get; } = [Requests, Timeseries, RequestsParquet, TimeseriesParquet, Trace, Summary, Log, PointManifest, Report];

    /// <summary>True when <paramref name="fileName"/> is a run-folder file or a temporary file of one (see <see cref="PendingFile"/>).</summary>
    public static bool IsRunFile(string fileName)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        var marker = fileName.LastIndexOf(PendingFile.TemporaryMarker, StringComparison.Ordinal);
        var finalName = marker > 0 ? fileName[..marker] : fileName;
        return FileNames.Contains(finalName, StringComparer.Ordinal);
    }
}
