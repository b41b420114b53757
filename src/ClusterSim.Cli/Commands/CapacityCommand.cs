using System.CommandLine;

namespace ClusterSim.Cli.Commands;

/// <summary>The parsed arguments of `clustersim capacity`.</summary>
/// <param name="Scenario">Scenario file path or catalog name.</param>
/// <param name="TargetAttainment">Fraction of requests that must meet every SLO, in (0, 1].</param>
/// <param name="Settings">The --set overrides applied to every probe, in order.</param>
/// <param name="Json">Write the result as JSON on stdout instead of a table.</param>
/// <param name="SweepAxes">The --sweep-set value lists: one capacity per point of their cross product.</param>
/// <param name="RelativePrecision">Bisection stops when the bracket is narrower than this share of the rate.</param>
/// <param name="Parallel">Points searched at once with --sweep-set; 0 means one per processor.</param>
public sealed record CapacityArguments(
    string Scenario,
    double TargetAttainment,
    IReadOnlyList<SetAssignment>? Settings = null,
    bool Json = false,
    IReadOnlyList<SweepAxis>? SweepAxes = null,
    double RelativePrecision = 0.05,
    int Parallel = 0)
{
    /// <summary>--allow-large: search even when the starting probe's run-time estimate is over Runs:MaxRunHours.</summary>
    public bool AllowLarge { get; init; }

    /// <summary>--calibration: the overlay file laid over the scenario, or null.</summary>
    public string? Calibration { get; init; }
}

/// <summary>Defines `clustersim capacity`: the highest request rate a deployment serves within its SLOs.</summary>
public static class CapacityCommand
{
    /// <summary>The verb.</summary>
    public const string Name = "capacity";

    /// <summary>Creates the command; <paramref name="handler"/> receives the parsed arguments.</summary>
    public static Command Create(Func<CapacityArguments, CancellationToken, Task<int>> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        var scenario = CliOptions.Scenario("Scenario file (.yaml) or a scenario name from the catalog; its SLOs define success.");
        var target = new Option<double>("--target-attainment")
        {
            Description = "Fraction of requests that must meet every SLO (TTFT and TPOT), in (0, 1].",
            HelpName = "FRACTION",
            DefaultValueFactory = _ => 0.9,
        };
        target.Check<double>(value => value > 0 && value <= 1
            ? null
            : $"--target-attainment must be in (0, 1], got {value.ToString(System.Globalization.CultureInfo.InvariantCulture)}");

        var settings = CliOptions.Set();
        var json = new Option<bool>("--json")
        {
            Description = "Write the result as JSON on stdout (rate, bracket, probes, per-GPU throughput, bounding resource).",
        };
        var sweepSet = CliOptions.Repeatable<SweepAxis>(
            "--sweep-set",
            "key=v1,v2,...",
            "Search the capacity at every point of the cross product of these value lists (like sweep --set); one row per point.",
            SweepAxis.TryParse);
        var precision = new Option<double>("--precision")
        {
            Description = "Relative precision of the rate: bisection stops when the failing rate is within this share above the passing one.",
            HelpName = "FRACTION",
            DefaultValueFactory = _ => 0.05,
        };
        precision.Check<double>(value => value > 0 && value < 1
            ? null
            : $"--precision must be in (0, 1), got {value.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
        var parallel = new Option<int>("--parallel", "-j")
        {
            Description = "With --sweep-set: points searched at once; 0 means one per processor. Results do not depend on it.",
            HelpName = "N",
            DefaultValueFactory = _ => 0,
        }.AtLeast(0);
        var allowLarge = CliOptions.AllowLarge();
        var calibration = CliOptions.Calibration();

        var command = new Command(Name, "Search the highest request rate (requests/s) the scenario's deployment serves while "
            + "meeting its SLOs for the target fraction of requests.")
        {
            scenario, target, settings, json, sweepSet, precision, parallel, allowLarge, calibration,
        };
        command.SetAction((parse, ct) => handler(
            new CapacityArguments(
                parse.GetRequiredValue(scenario),
                parse.GetValue(target),
                parse.GetList(settings),
                parse.GetValue(json),
                parse.GetList(sweepSet),
                parse.GetValue(precision),
                parse.GetValue(parallel))
            {
                AllowLarge = parse.GetValue(allowLarge),
                Calibration = parse.GetValue(calibration),
            },
            ct));
        return command;
    }
}
