using System.ComponentModel.DataAnnotations;
using ClusterSim.Input;

namespace ClusterSim.Cli.Hosting;

/// <summary>Where scenario, model and hardware names are looked up (section "Catalog").</summary>
public sealed class CatalogOptions : IValidatableObject
{
    /// <summary>The configuration section bound to this class.</summary>
    public const string Section = "Catalog";

    /// <summary>Overrides the scenario catalog folder; null means the scenarios/ folder shipped beside the binary.</summary>
    public string? ScenariosDirectory { get; set; }

    /// <summary>
    /// The catalog this invocation uses, built from the options alone: never from the working directory, so the
    /// program behaves the same wherever it is started.
    /// </summary>
    /// <exception cref="InputException">The folder is not a catalog.</exception>
    public Catalog Open() => Catalog.For(ScenariosDirectory, AppContext.BaseDirectory);

    /// <summary>An empty folder name is refused (null, the shipped catalog, is allowed).</summary>
    /// <remarks>
    /// Written out rather than as [MinLength(1)]: that attribute reads a Count property by reflection, which a
    /// trimmed (Native AOT) build cannot promise; the message is the one it gave.
    /// </remarks>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (ScenariosDirectory is { Length: 0 })
        {
            yield return new ValidationResult(
                $"The field {nameof(ScenariosDirectory)} must be a string or array type with a minimum length of '1'.",
                [nameof(ScenariosDirectory)]);
        }
    }
}
