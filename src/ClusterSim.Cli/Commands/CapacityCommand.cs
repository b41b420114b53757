using System.CommandLine;

namespace ClusterSim.Cli.Commands;

/// <summary>The parsed arguments of `clustersim capacity`.</summary>
/// <param name="Scenario">Scenario file path or catalog name.</param>
/// <param name="TargetAttainment">Fraction of requests that must meet every SLO, in (0, 1].</param>
public sealed record CapacityArguments(string Scenario, double TargetAttainment);

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
        target.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<double>();
            if (!(value > 0 && value <= 1))
            {
                result.AddError($"--target-attainment must be in (0, 1], got {value.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
            }
        });

        var command = new Command(Name, "Search the highest request rate (requests/s) the scenario's deployment serves while "
            + "meeting its SLOs for the target fraction of requests.")
        {
            scenario, target,
        };
        command.SetAction((parse, ct) => handler(
            new CapacityArguments(parse.GetRequiredValue(scenario), parse.GetValue(target)),
            ct));
        return command;
    }
}
