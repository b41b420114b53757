using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using System.Runtime.InteropServices;
using ClusterSim.Cli.Commands;
using ClusterSim.Cli.Hosting;

namespace ClusterSim.Cli;

/// <summary>Entry point of the clustersim command.</summary>
public static class Program
{
    /// <summary>Runs the command line on the process console and returns the process exit code.</summary>
    public static async Task<int> Main(string[] args)
    {
        using var cancellation = new CancellationTokenSource();
        // The first Ctrl-C or SIGTERM (a Kubernetes pod shutdown) asks the run to stop cleanly: exit 130, finished
        // files kept, summary.json partial. A second one deletes the files still being written and kills at once.
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => RequestStop(context, cancellation));
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => RequestStop(context, cancellation));
        try
        {
            return await RunAsync(args, CliEnvironment.FromConsole(), cancellation.Token);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await Console.Error.WriteLineAsync($"clustersim: internal error (a bug, please report it): {e}");
            return ExitCodes.InternalError;
        }
    }

    /// <summary>Runs the command line in-process, writing to the given writers; returns the exit code.</summary>
    public static Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken ct) =>
        RunAsync(args, new CliEnvironment(stdout, stderr), ct);

    /// <summary>Runs the command line against an environment (writers, setting overrides, service replacements).</summary>
    public static async Task<int> RunAsync(string[] args, CliEnvironment environment, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(environment);
        ParseResult? parsed = null;
        var verbose = CliRoot.CreateVerboseOption();
        var dispatcher = new VerbDispatcher(environment, () => parsed?.GetValue(verbose) ?? false);
        var root = CliRoot.Create(verbose, dispatcher);
        parsed = root.Command.Parse(args);
        environment.Phases.Mark("parse");

        if (parsed.Action is ParseErrorAction)
        {
            await WriteParseErrorsAsync(parsed, args, environment.Error);
            return ExitCodes.BadInput;
        }

        if (parsed.Action is CliRoot.HelpWithEpilog)
        {
            await WriteHelpAsync(parsed, environment);
            return ExitCodes.Success;
        }

        var invocation = new InvocationConfiguration
        {
            Output = environment.Out,
            Error = environment.Error,
            // Bugs must surface with their stack trace (Main prints it); user errors are handled by the dispatcher.
            EnableDefaultExceptionHandler = false,
            // Main owns Ctrl-C through the token; System.CommandLine must not install its own handler.
            ProcessTerminationTimeout = null,
        };
        return await parsed.InvokeAsync(invocation, ct);
    }

    // Help is rendered into a buffer and its lines stripped of the trailing spaces the text wrapper leaves, so
    // golden files survive editors that trim them.
    private static async Task WriteHelpAsync(ParseResult parsed, CliEnvironment environment)
    {
        using var buffer = new StringWriter(System.Globalization.CultureInfo.InvariantCulture) { NewLine = "\n" };
        parsed.Invoke(new InvocationConfiguration { Output = buffer, Error = environment.Error });
        var lines = buffer.ToString().ReplaceLineEndings("\n").Split('\n');
        var text = string.Join('\n', lines.Select(line => line.TrimEnd()));
        await environment.Out.WriteAsync(text);
        await environment.Out.FlushAsync();
    }

    private static async Task WriteParseErrorsAsync(ParseResult parsed, string[] args, TextWriter error)
    {
        // A mistyped verb is one line with the nearest verb, not the parser's two generic complaints.
        var verbs = parsed.RootCommandResult.Command.Subcommands.Select(c => c.Name).ToArray();
        if (args.Length > 0 && !args[0].StartsWith('-') && !verbs.Contains(args[0], StringComparer.Ordinal))
        {
            await error.WriteLineAsync($"clustersim: unknown verb '{args[0]}';{Input.NearestName.DidYouMean(args[0], verbs)} verbs: {string.Join(", ", verbs)}");
            await error.WriteLineAsync("Run 'clustersim --help' for usage.");
            return;
        }

        foreach (var parseError in parsed.Errors)
        {
            await error.WriteLineAsync($"clustersim: {ParseErrorText.Rewrite(parseError.Message)}");
        }

        await error.WriteLineAsync($"Run '{CommandPath(parsed.CommandResult)} --help' for usage.");
    }

    private static string CommandPath(CommandResult result)
    {
        var names = new List<string>();
        for (SymbolResult? current = result; current is not null; current = current.Parent)
        {
            if (current is CommandResult command)
            {
                names.Add(command.Command.Name);
            }
        }

        names.Reverse();
        return string.Join(' ', names);
    }

    private static void RequestStop(PosixSignalContext context, CancellationTokenSource cancellation)
    {
        if (cancellation.IsCancellationRequested)
        {
            // The second signal kills the process (the default action runs once this returns); delete the files
            // still being written first, so no name.tmp-… is left behind.
            RunFolders.OpenTemporaryFiles.DeleteAll();
            return;
        }

        context.Cancel = true;
        cancellation.Cancel();
    }
}
