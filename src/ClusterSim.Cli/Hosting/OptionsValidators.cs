using Microsoft.Extensions.Options;

namespace ClusterSim.Cli.Hosting;

// The settings classes' [Required], [Range] and [AllowedValues] checks, generated at compile time instead of read by
// reflection at run time (ValidateDataAnnotations), so a Native AOT build validates exactly what a JIT build does.

/// <summary>Checks <see cref="RunsOptions"/> (section "Runs").</summary>
[OptionsValidator]
internal sealed partial class RunsOptionsValidator : IValidateOptions<RunsOptions>;

/// <summary>Checks <see cref="CatalogOptions"/> (section "Catalog").</summary>
[OptionsValidator]
internal sealed partial class CatalogOptionsValidator : IValidateOptions<CatalogOptions>;

/// <summary>Checks <see cref="ConsoleOptions"/> (section "Console").</summary>
[OptionsValidator]
internal sealed partial class ConsoleOptionsValidator : IValidateOptions<ConsoleOptions>;
