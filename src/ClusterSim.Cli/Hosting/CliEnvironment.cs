using Microsoft.Extensions.DependencyInjection;

namespace ClusterSim.Cli.Hosting;

/// <summary>What one invocation of the tool talks to: its output writers and, for tests, extra settings and services.</summary>
/// <param name="Out">Standard output: results, tables, --help.</param>
/// <param name="Error">Standard error: log lines, error lines, progress.</param>
/// <param name="IsInteractive">True when stderr is a terminal a person watches (progress bars allowed).</param>
/// <param name="SettingsOverrides">Settings applied after appsettings.json and the environment ("Runs:Directory" keys).</param>
/// <param name="ConfigureServices">Last chance to replace services, e.g. verb handlers.</param>
public sealed record CliEnvironment(
    TextWriter Out,
    TextWriter Error,
    bool IsInteractive = false,
    IReadOnlyDictionary<string, string?>? SettingsOverrides = null,
    Action<IServiceCollection>? ConfigureServices = null)
{
    /// <summary>The process console: interactive when stderr is not redirected.</summary>
    public static CliEnvironment FromConsole() =>
        new(Console.Out, Console.Error, IsInteractive: !Console.IsErrorRedirected);

    /// <summary>When each phase of this invocation ended; started with the environment (the top of Main).</summary>
    public PhaseClock Phases { get; } = new();

    /// <summary>True when the writers are the real console (so the Serilog console sink and ANSI detection apply).</summary>
    internal bool WritesToConsole => ReferenceEquals(Out, Console.Out) && ReferenceEquals(Error, Console.Error);
}
