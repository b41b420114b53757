using System.ComponentModel.DataAnnotations;
using ClusterSim.Planning;

namespace ClusterSim.Cli.Hosting;

/// <summary>Where run folders go and how much the per-run log keeps (section "Runs").</summary>
public sealed class RunsOptions
{
    /// <summary>The configuration section bound to this class.</summary>
    public const string Section = "Runs";

    /// <summary>Parent folder of default run folders, relative to the working directory; default "runs".</summary>
    [Required(AllowEmptyStrings = false)]
    public string Directory { get; set; } = "runs";

    /// <summary>Lowest level written to each run's log.clef: Verbose, Debug, Information, Warning, Error or Fatal; default Debug.</summary>
    [Required]
    [AllowedValues("Verbose", "Debug", "Information", "Warning", "Error", "Fatal")]
    public string LogLevel { get; set; } = "Debug";

    /// <summary>Largest estimated output (requests.csv + timeseries.csv + trace.json) run accepts without --allow-large, in bytes; default 10 GB.</summary>
    [Range(1, double.MaxValue)]
    public double MaxOutputBytes { get; set; } = OutputLimits.DefaultMaxOutputBytes;

    /// <summary>Most estimated timeseries.csv rows run accepts without --allow-large; default 10^8.</summary>
    [Range(1, double.MaxValue)]
    public double MaxTimeseriesRows { get; set; } = OutputLimits.DefaultMaxTimeseriesRows;

    /// <summary>Longest estimated wall-clock time, in hours, run, sweep and capacity accept without --allow-large; default 12.</summary>
    [Range(0.001, double.MaxValue)]
    public double MaxRunHours { get; set; } = OutputLimits.DefaultMaxRunHours;

    /// <summary>The size limits as the domain takes them.</summary>
    public OutputLimits Limits => new(MaxOutputBytes, MaxTimeseriesRows, MaxRunHours);
}
