namespace ClusterSim.Planning;

/// <summary>
/// How large a run may be before <c>run</c>, <c>sweep</c> and <c>capacity</c> refuse it without <c>--allow-large</c>
/// (the CLI reads them from appsettings <c>Runs:</c>). The defaults stop a typo such as a 1 ns timeseries window or a
/// 100,000 h duration long before it fills a disk, and stay far above every shipped scenario (the largest writes
/// tens of MB and runs in about a minute).
/// </summary>
/// <param name="MaxOutputBytes">Estimated bytes of requests.csv + timeseries.csv + trace.json; default 10 GB (a laptop disk's spare room).</param>
/// <param name="MaxTimeseriesRows">Estimated rows of timeseries.csv; default 10^8 (about 12 GB, more than a spreadsheet or the report can read).</param>
/// <param name="MaxRunHours">Estimated wall-clock hours; default 12 (an overnight run: anything longer should be a sharded sweep).</param>
public sealed record OutputLimits(double MaxOutputBytes = OutputLimits.DefaultMaxOutputBytes, double MaxTimeseriesRows = OutputLimits.DefaultMaxTimeseriesRows, double MaxRunHours = OutputLimits.DefaultMaxRunHours)
{
    /// <summary>Default <see cref="MaxOutputBytes"/>: 10 GB.</summary>
    public const double DefaultMaxOutputBytes = 10e9;

    /// <summary>Default <see cref="MaxTimeseriesRows"/>: 10^8.</summary>
    public const double DefaultMaxTimeseriesRows = 1e8;

    /// <summary>Default <see cref="MaxRunHours"/>: 12 hours.</summary>
    public const double DefaultMaxRunHours = 12;

    /// <summary>The defaults.</summary>
    public static OutputLimits Default { get; } = new();
}
