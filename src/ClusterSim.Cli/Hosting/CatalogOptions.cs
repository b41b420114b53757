using System.ComponentModel.DataAnnotations;

namespace ClusterSim.Cli.Hosting;

/// <summary>Where scenario names are looked up (section "Catalog").</summary>
public sealed class CatalogOptions
{
    /// <summary>The configuration section bound to this class.</summary>
    public const string Section = "Catalog";

    /// <summary>Overrides the scenario catalog folder; null means the scenarios/ folder shipped beside the binary.</summary>
    [MinLength(1)]
    public string? ScenariosDirectory { get; set; }

    /// <summary>The catalog folder in effect: the override, or scenarios/ beside the binary.</summary>
    public string ResolveScenariosDirectory() =>
        ScenariosDirectory ?? Path.Combine(AppContext.BaseDirectory, "scenarios");
}
