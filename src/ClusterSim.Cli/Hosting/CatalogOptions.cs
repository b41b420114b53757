using System.ComponentModel.DataAnnotations;
using ClusterSim.Input;

namespace ClusterSim.Cli.Hosting;

/// <summary>Where scenario, model and hardware names are looked up (section "Catalog").</summary>
public sealed class CatalogOptions
{
    /// <summary>The configuration section bound to this class.</summary>
    public const string Section = "Catalog";

    /// <summary>Overrides the scenario catalog folder; null means the scenarios/ folder shipped beside the binary.</summary>
    [MinLength(1)]
    public string? ScenariosDirectory { get; set; }

    /// <summary>
    /// The catalog this invocation uses, built from the options alone: never from the working directory, so the
    /// program behaves the same wherever it is started.
    /// </summary>
    /// <exception cref="InputException">The folder is not a catalog.</exception>
    public Catalog Open() => Catalog.For(ScenariosDirectory, AppContext.BaseDirectory);
}
