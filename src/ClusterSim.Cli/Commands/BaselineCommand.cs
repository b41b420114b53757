using System.CommandLine;

namespace ClusterSim.Cli.Commands;

/// <summary>The parsed arguments of `clustersim baseline update`.</summary>
/// <param name="Suite">The suite file, or null for scenarios/regression/suite.yaml.</param>
/// <param name="BaselinesDirectory">Where golden summaries live, or null for scenarios/baselines.</param>
/// <param name="DryRun">Show the diff without writing any file.</param>
public sealed record BaselineUpdateArguments(string? Suite, string? BaselinesDirectory, bool DryRun);

/// <summary>Defines `clustersim baseline` and its `update` subcommand: refresh the regression suite's golden summaries.</summary>
public static class BaselineCommand
{
    /// <summary>The verb.</summary>
    public const string Name = "baseline";

    /// <summary>The verb path of the update subcommand.</summary>
    public const string UpdatePath = "baseline update";

    /// <summary>Creates the command; <paramref name="update"/> receives the parsed arguments of `baseline update`.</summary>
    public static Command Create(Func<BaselineUpdateArguments, CancellationToken, Task<int>> update)
    {
        ArgumentNullException.ThrowIfNull(update);
        var suite = new Option<string?>("--suite")
        {
            Description = "Suite file listing scenarios and the policies each runs under (default: scenarios/regression/suite.yaml).",
            HelpName = "FILE",
        };
        var baselines = new Option<string?>("--baselines")
        {
            Description = "Folder of the golden summaries, one SCENARIO.POLICY.json per case (default: scenarios/baselines).",
            HelpName = "DIR",
        };
        var dryRun = new Option<bool>("--dry-run") { Description = "Run the suite and print the diff without writing any baseline." };
        var command = new Command("update", "Re-run every case of the scheduler regression suite, rewrite the golden summaries that "
            + "changed, and print what changed for review before committing.")
        {
            suite, baselines, dryRun,
        };
        command.SetAction((parse, ct) => update(new BaselineUpdateArguments(parse.GetValue(suite), parse.GetValue(baselines), parse.GetValue(dryRun)), ct));
        return new Command(Name, "Manage the golden results of the scheduler regression suite (scenarios/baselines/).")
        {
            command,
        };
    }
}
