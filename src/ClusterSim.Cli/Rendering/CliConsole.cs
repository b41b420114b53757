using ClusterSim.Cli.Hosting;
using Spectre.Console;

namespace ClusterSim.Cli.Rendering;

/// <summary>The Spectre.Console consoles of one invocation: results on stdout, progress on stderr.</summary>
public sealed class CliConsole
{
    /// <summary>Creates the consoles over the environment's writers.</summary>
    public CliConsole(CliEnvironment environment, ConsoleOptions options)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(options);
        var terminal = environment.WritesToConsole;
        Out = Create(environment.Out, terminal && !Console.IsOutputRedirected, options.Width);
        Error = Create(environment.Error, terminal && environment.IsInteractive, options.Width);
        ShowsProgress = environment.IsInteractive
            && options.Progress == "auto"
            && Error.Profile.Capabilities.Interactive;
        ShowsHeartbeat = !ShowsProgress && options.Progress == "auto";
    }

    /// <summary>Standard output: tables and results.</summary>
    public IAnsiConsole Out { get; }

    /// <summary>Standard error: progress and notices.</summary>
    public IAnsiConsole Error { get; }

    /// <summary>True when a progress bar may be drawn (stderr is an interactive terminal and progress is not off).</summary>
    public bool ShowsProgress { get; }

    /// <summary>True when progress goes to stderr as a plain line every few seconds instead (stderr is a log, not a terminal).</summary>
    public bool ShowsHeartbeat { get; }

    // Redirected output must be plain text a script can read: no colours, no cursor tricks, fixed width.
    private static IAnsiConsole Create(TextWriter writer, bool terminal, int width)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = terminal ? InteractionSupport.Detect : InteractionSupport.No,
        });
        if (!terminal)
        {
            console.Profile.Width = width;
        }

        return console;
    }
}
