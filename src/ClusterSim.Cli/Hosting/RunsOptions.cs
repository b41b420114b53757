using System.ComponentModel.DataAnnotations;

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
}
