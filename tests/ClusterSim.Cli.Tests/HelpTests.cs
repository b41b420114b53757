using System.CommandLine;
using System.Runtime.CompilerServices;
using ClusterSim.Cli.Commands;
using ClusterSim.Cli.Hosting;

namespace ClusterSim.Cli.Tests;

public sealed class HelpTests
{
    public static TheoryData<string> CommandPaths() =>
    [
        "",
        "run",
        "sweep",
        "sweep merge",
        "capacity",
        "plan",
        "plan merge",
        "measure-error",
        "calibrate",
        "analyze",
        "trace",
        "trace summarize",
        "trace requests",
        "trace log",
        "trace report",
        "compare",
        "baseline",
        "baseline update",
        "validate",
        "bench",
        "bench engine",
        "bench fabric",
        "bench serving",
    ];

    [Theory]
    [MemberData(nameof(CommandPaths))]
    public async Task Help_of_every_command_matches_its_golden_file(string commandPath)
    {
        var result = await CliRunner.RunAsync([.. Split(commandPath), "--help"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(string.Empty, result.Error);
        var golden = GoldenPath(commandPath);
        if (Environment.GetEnvironmentVariable("CLUSTERSIM_UPDATE_GOLDEN") == "1")
        {
            await File.WriteAllTextAsync(golden, result.Out);
        }

        Assert.True(File.Exists(golden), $"{golden} is missing; run the tests with CLUSTERSIM_UPDATE_GOLDEN=1 to create it");
        Assert.Equal(await File.ReadAllTextAsync(golden), result.Out);
    }

    [Theory]
    [MemberData(nameof(CommandPaths))]
    public async Task Help_of_every_command_names_every_option_argument_and_subcommand(string commandPath)
    {
        var command = Find(commandPath);
        var result = await CliRunner.RunAsync([.. Split(commandPath), "--help"]);

        foreach (var option in command.Options.Concat(Recursive(command)))
        {
            Assert.Contains(option.Name, result.Out, StringComparison.Ordinal);
            Assert.False(string.IsNullOrWhiteSpace(option.Description), $"{commandPath} {option.Name} has no description");
        }

        foreach (var argument in command.Arguments)
        {
            Assert.Contains($"<{argument.Name}>", result.Out, StringComparison.Ordinal);
            Assert.False(string.IsNullOrWhiteSpace(argument.Description), $"{commandPath} {argument.Name} has no description");
        }

        foreach (var subcommand in command.Subcommands)
        {
            Assert.Contains(subcommand.Name, result.Out, StringComparison.Ordinal);
        }

        Assert.Contains("130  cancelled by Ctrl-C", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_states_the_defaults_of_options_that_have_one()
    {
        var run = await CliRunner.RunAsync("run", "--help");
        var capacity = await CliRunner.RunAsync("capacity", "--help");
        var bench = await CliRunner.RunAsync("bench", "engine", "--help");

        Assert.Contains("Default: the scenario's simulation.fidelity", run.Out, StringComparison.Ordinal);
        Assert.Contains("[default: 0.9]", capacity.Out, StringComparison.Ordinal);
        Assert.Contains("[default: 1]", bench.Out, StringComparison.Ordinal);
    }

    private static string[] Split(string commandPath) =>
        commandPath.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    private static Command Find(string commandPath)
    {
        var verbose = CliRoot.CreateVerboseOption();
        var environment = new CliEnvironment(TextWriter.Null, TextWriter.Null);
        Command command = CliRoot.Create(verbose, new VerbDispatcher(environment, () => false)).Command;
        foreach (var name in Split(commandPath))
        {
            command = command.Subcommands.Single(c => c.Name == name);
        }

        return command;
    }

    // Recursive options of the root (--verbose, --help) show on every command's help.
    private static IEnumerable<Option> Recursive(Command command)
    {
        for (var parent = command.Parents.OfType<Command>().FirstOrDefault(); parent is not null; parent = parent.Parents.OfType<Command>().FirstOrDefault())
        {
            foreach (var option in parent.Options.Where(o => o.Recursive))
            {
                yield return option;
            }
        }
    }

    private static string GoldenPath(string commandPath, [CallerFilePath] string thisFile = "")
    {
        var name = commandPath.Length == 0 ? "root" : commandPath.Replace(' ', '-');
        return Path.Combine(Path.GetDirectoryName(thisFile)!, "Golden", $"help-{name}.txt");
    }
}
