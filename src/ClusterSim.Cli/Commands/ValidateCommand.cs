using System.CommandLine;

namespace ClusterSim.Cli.Commands;

/// <summary>The parsed arguments of `clustersim validate`.</summary>
/// <param name="Scenario">Scenario file path or catalog name.</param>
/// <param name="Settings">The --set overrides in the order given.</param>
public sealed record ValidateArguments(string Scenario, IReadOnlyList<SetAssignment> Settings);

/// <summary>Defines `clustersim validate`: check a scenario without simulating it.</summary>
public static class ValidateCommand
{
    /// <summary>The verb.</summary>
    public const string Name = "validate";

    /// <summary>Creates the command; <paramref name="handler"/> receives the parsed arguments.</summary>
    public static Command Create(Func<ValidateArguments, CancellationToken, Task<int>> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        var scenario = CliOptions.Scenario("Scenario file (.yaml) or a scenario name from the catalog.");
        var settings = CliOptions.Set();
        var command = new Command(Name, "Load and check a scenario (units, references, memory fit of the deployment) without "
            + "simulating it; prints the resolved configuration.")
        {
            scenario, settings,
        };
        command.SetAction((parse, ct) => handler(
            new ValidateArguments(parse.GetRequiredValue(scenario), parse.GetList(settings)),
            ct));
        return command;
    }
}
