using System.CommandLine;
using ClusterSim.Scenarios;

namespace ClusterSim.Cli.Commands;

/// <summary>The parsed arguments of `clustersim run`.</summary>
/// <param name="Scenario">Scenario file path or catalog name; null for the catalog's default scenario.</param>
/// <param name="OutDirectory">The --out folder, or null for runs/&lt;scenario&gt;-&lt;timestamp&gt;.</param>
/// <param name="Seed">The --seed value, or null for the scenario's own seed.</param>
/// <param name="Settings">The --set overrides in the order given.</param>
/// <param name="Force">Write into an existing non-empty --out folder.</param>
/// <param name="Fidelity">Step or layer pricing; null keeps the scenario's simulation.fidelity.</param>
public sealed record RunArguments(
    string? Scenario,
    string? OutDirectory,
    ulong? Seed,
    IReadOnlyList<SetAssignment> Settings,
    bool Force,
    Fidelity? Fidelity)
{
    /// <summary>--allow-large: run even when the output or run-time estimate is over a Runs: limit.</summary>
    public bool AllowLarge { get; init; }

    /// <summary>--calibration: the overlay file laid over the scenario, or null.</summary>
    public string? Calibration { get; init; }
}

/// <summary>Defines `clustersim run`: simulate one scenario and write its run folder.</summary>
public static class RunCommand
{
    /// <summary>The verb.</summary>
    public const string Name = "run";

    /// <summary>Creates the command; <paramref name="handler"/> receives the parsed arguments.</summary>
    public static Command Create(Func<RunArguments, CancellationToken, Task<int>> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        var scenario = new Argument<string?>("SCENARIO")
        {
            Description = "Scenario file (.yaml) or a scenario name from the catalog (Catalog:ScenariosDirectory). "
                + "Omit to run the catalog's default scenario.",
            Arity = ArgumentArity.ZeroOrOne,
        }.RejectingOptionLikeValues();
        var outDirectory = new Option<string?>("--out", "-o")
        {
            Description = "Run folder to write (created if missing). Default: <Runs:Directory>/<scenario>-<yyyyMMdd-HHmmss>.",
            HelpName = "DIR",
        };
        var seed = new Option<ulong?>("--seed")
        {
            Description = "Run seed (unsigned 64-bit integer); every random stream derives from it. Default: the scenario's seed.",
            HelpName = "N",
        };
        var settings = CliOptions.Set();
        var force = new Option<bool>("--force")
        {
            Description = "Write into an existing non-empty --out folder, replacing files of the same name (nothing else is deleted).",
        };
        var fidelity = new Option<string>("--fidelity")
        {
            Description = "Pricing detail: step (one priced unit per batch step) or layer (every layer priced and traced). "
                + "Default: the scenario's simulation.fidelity (step unless set).",
            HelpName = "step|layer",
        };
        fidelity.AcceptOnlyFromAmong("step", "layer");
        var allowLarge = CliOptions.AllowLarge();
        var calibration = CliOptions.Calibration();

        var command = new Command(Name, "Simulate one serving scenario and write its run folder (summary.json, requests.csv, "
            + "timeseries.csv, trace.json, log.clef).")
        {
            scenario, outDirectory, seed, settings, force, fidelity, allowLarge, calibration,
        };
        command.SetAction((parse, ct) => handler(
            new RunArguments(
                parse.GetValue(scenario),
                parse.GetValue(outDirectory),
                parse.GetValue(seed),
                parse.GetList(settings),
                parse.GetValue(force),
                parse.GetValue(fidelity) switch
                {
                    "layer" => Fidelity.Layer,
                    "step" => Fidelity.Step,
                    _ => null,
                })
            {
                AllowLarge = parse.GetValue(allowLarge),
                Calibration = parse.GetValue(calibration),
            },
            ct));
        return command;
    }
}
