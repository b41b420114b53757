using ClusterSim.Cli.Commands;
using ClusterSim.Input;
using ClusterSim.Planning;
using ClusterSim.Scenarios;

namespace ClusterSim.Cli.Run;

/// <summary>Turns a verb's SCENARIO argument and --set/--seed options into a loaded scenario and its deployment plan.</summary>
public static class ScenarioArguments
{
    /// <summary>The scenario run when none is named.</summary>
    public const string DefaultScenario = "default";

    /// <summary>
    /// Resolves SCENARIO: an existing file, or a name in the catalog (NAME.yaml or NAME under it); null means the
    /// default scenario.
    /// </summary>
    /// <exception cref="InputException">Neither a file nor a catalog scenario; a directory where a file was meant.</exception>
    public static string ResolvePath(string? scenario, Catalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var name = scenario ?? DefaultScenario;
        if (File.Exists(name))
        {
            return name;
        }

        if (Directory.Exists(name))
        {
            throw new InputException(name, string.Empty, "is a directory; expected a scenario file (.yaml) or a scenario name");
        }

        return catalog.FindScenario(name)
            ?? throw new InputException(name, string.Empty, $"no such scenario file, and no scenario of that name in {catalog.ScenariosDirectory}");
    }

    /// <summary>
    /// Loads the scenario with command-line overrides applied in order (--seed last) and the --calibration overlay, if
    /// any, attached for the planner to lay over it.
    /// </summary>
    public static Scenario Load(string path, IReadOnlyList<SetAssignment> settings, ulong? seed = null, Fidelity? fidelity = null, CalibrationOverlay? calibration = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var overrides = settings.Select(s => new ScenarioOverride(s.KeyPath, s.Value)).ToList();
        if (seed is { } s)
        {
            overrides.Add(new ScenarioOverride("seed", s.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        if (fidelity is { } f)
        {
            overrides.Add(new ScenarioOverride("simulation.fidelity", f == Fidelity.Layer ? "layer" : "step"));
        }

        return ScenarioReader.Load(path, overrides) with { Calibration = calibration };
    }

    /// <summary>
    /// Refuses a plan whose estimated output or run time is over <paramref name="limits"/> unless the user insisted
    /// (--allow-large); <paramref name="telemetry"/> is false where only requests.csv is written (sweep points,
    /// capacity probes), so only the request rows and the run time count.
    /// </summary>
    /// <exception cref="InputException">Over a limit: one line naming the key at fault and how to insist.</exception>
    public static void CheckSize(DeploymentPlan plan, OutputLimits limits, bool allowLarge, bool telemetry = true)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var estimate = OutputEstimate.For(plan, telemetry);
        if (!allowLarge && estimate.Refusal(plan.Scenario, limits) is { } refusal)
        {
            throw refusal;
        }
    }

    /// <summary>Loads the scenario and resolves its deployment against <paramref name="catalog"/>.</summary>
    /// <exception cref="InputException">Any problem in the file or a deployment that cannot work.</exception>
    public static DeploymentPlan Plan(string path, IReadOnlyList<SetAssignment> settings, Catalog catalog, ulong? seed = null, Fidelity? fidelity = null, CalibrationOverlay? calibration = null) =>
        DeploymentPlanner.Resolve(Load(path, settings, seed, fidelity, calibration), catalog);
}
