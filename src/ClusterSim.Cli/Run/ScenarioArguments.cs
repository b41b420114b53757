using ClusterSim.Cli.Commands;
using ClusterSim.Scenarios;
using ClusterSim.Input;

namespace ClusterSim.Cli.Run;

/// <summary>Turns a verb's SCENARIO argument and --set/--seed options into a loaded scenario.</summary>
public static class ScenarioArguments
{
    /// <summary>The scenario run when none is named.</summary>
    public const string DefaultScenario = "default";

    /// <summary>
    /// Resolves SCENARIO: an existing file, or a name in the catalog (scenarios/NAME.yaml, scenarios/NAME); null means
    /// the default scenario.
    /// </summary>
    public static string ResolvePath(string? scenario, string? catalogDirectory)
    {
        var name = scenario ?? DefaultScenario;
        if (File.Exists(name))
        {
            return name;
        }

        var roots = new List<string>();
        if (catalogDirectory is not null && Directory.Exists(catalogDirectory))
        {
            roots.Add(catalogDirectory);
        }

        try
        {
            roots.Add(ScenarioReader.ScenariosRoot());
        }
        catch (InputException)
        {
            // No catalog found: only explicit paths work; the error below says so.
        }

        foreach (var root in roots)
        {
            foreach (var candidate in new[] { Path.Combine(root, name), Path.Combine(root, name + ".yaml") })
            {
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        throw new InputException(name, string.Empty, $"no such scenario file, and no scenario of that name in {string.Join(" or ", roots.DefaultIfEmpty("(no catalog found)"))}");
    }

    /// <summary>Loads the scenario with command-line overrides applied in order (--seed last).</summary>
    public static Scenario Load(string path, IReadOnlyList<SetAssignment> settings, ulong? seed = null, Fidelity? fidelity = null)
    {
        var overrides = settings.Select(s => new ScenarioOverride(s.KeyPath, s.Value)).ToList();
        if (seed is { } s)
        {
            overrides.Add(new ScenarioOverride("seed", s.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        if (fidelity is { } f)
        {
            overrides.Add(new ScenarioOverride("simulation.fidelity", f == Fidelity.Layer ? "layer" : "step"));
        }

        return ScenarioReader.Load(path, overrides);
    }
}
