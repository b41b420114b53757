using System.ComponentModel.DataAnnotations;

namespace ClusterSim.Cli.Hosting;

/// <summary>How the tool talks to the terminal (section "Console").</summary>
public sealed class ConsoleOptions
{
    /// <summary>The configuration section bound to this class.</summary>
    public const string Section = "Console";

    /// <summary>Lowest log level shown on stderr (--verbose lowers it to Debug); default Warning.</summary>
    [Required]
    [AllowedValues("Verbose", "Debug", "Information", "Warning", "Error", "Fatal")]
    public string LogLevel { get; set; } = "Warning";

    /// <summary>Progress bar on stderr: "auto" (interactive terminals only) or "never"; default auto.</summary>
    [Required]
    [AllowedValues("auto", "never")]
    public string Progress { get; set; } = "auto";

    /// <summary>Width in characters of tables written to redirected output; default 120.</summary>
    [Range(40, 1000)]
    public int Width { get; set; } = 120;
}
