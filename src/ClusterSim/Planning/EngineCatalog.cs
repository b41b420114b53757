using ClusterSim.Engine;
using ClusterSim.Hardware;
using ClusterSim.Input;
using ClusterSim.Serving;
using ClusterSim.Units;

namespace ClusterSim.Planning;

/// <summary>
/// Reads engine profiles from scenarios/engines/&lt;name&gt;.yaml: host overhead per step and per running request, and
/// whether the engine overlaps its scheduler with the GPU. Every figure is { value, source, note? } as in the hardware
/// files, so each says whether it was measured or assumed.
/// </summary>
public static class EngineCatalog
{
    /// <summary>The engines/ folder of <paramref name="catalog"/>.</summary>
    public static string DirectoryOf(Catalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return Path.Combine(catalog.ScenariosDirectory, "engines");
    }

    /// <summary>Loads the profile <paramref name="name"/> (one of <see cref="EngineProfile.Names"/>).</summary>
    /// <exception cref="InputException">The file is missing or malformed (one line naming file and key).</exception>
    public static EngineProfile Load(Catalog catalog, string name, string scenarioFile)
    {
        var path = Path.Combine(DirectoryOf(catalog), name + ".yaml");
        if (!File.Exists(path))
        {
            throw new InputException(scenarioFile, "scheduler.engine", $"no engine profile '{name}' at {path}; allowed: {string.Join(", ", EngineProfile.Names)}");
        }

        return Read(YamlFile.Load(path));
    }

    /// <summary>Parses profile text; <paramref name="fileName"/> names it in errors.</summary>
    public static EngineProfile Parse(string fileName, string text) => Read(YamlFile.Parse(fileName, text));

    private static EngineProfile Read(YamlMap root)
    {
        root.AllowOnly(EngineProfileKeys.Root.Keys);
        var name = root.RequiredString("name").Trim();
        var figures = new AcceleratorSpecReader.FigureReader(AcceleratorSpecReader.ReadSources(root.OptionalMap("sources")));
        var perStep = figures.Read(root, "host_overhead_per_step", UnitParser.ParseDuration, NotNegative);
        var perRequest = figures.Read(root, "host_overhead_per_request", UnitParser.ParseDuration, NotNegative);
        var overlap = figures.Read(root, "overlap_scheduler", ParseBool, _ => null);
        return new EngineProfile(name, perStep, perRequest, overlap);
    }

    private static string? NotNegative(SimDuration d) => d.Nanoseconds >= 0 ? null : "must not be negative";

    private static bool ParseBool(string text) => text.Trim().ToLowerInvariant() switch
    {
        "true" => true,
        "false" => false,
        _ => throw new FormatException($"'{text}' is not true or false"),
    };
}
