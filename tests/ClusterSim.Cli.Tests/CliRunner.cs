using ClusterSim.Cli;
using ClusterSim.Cli.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace ClusterSim.Cli.Tests;

/// <summary>Runs the tool in-process and captures what it writes.</summary>
internal static class CliRunner
{
    public sealed record Result(int ExitCode, string Out, string Error)
    {
        public string[] ErrorLines => Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    public static async Task<Result> RunAsync(params string[] args) =>
        await RunAsync(args, settings: null, services: null, CancellationToken.None);

    public static async Task<Result> RunAsync(
        string[] args,
        IReadOnlyDictionary<string, string?>? settings,
        Action<IServiceCollection>? services,
        CancellationToken cancellationToken)
    {
        using var stdout = new StringWriter { NewLine = "\n" };
        using var stderr = new StringWriter { NewLine = "\n" };
        var environment = new CliEnvironment(stdout, stderr, IsInteractive: false, settings, services);
        var code = await Program.RunAsync(args, environment, cancellationToken);
        return new Result(code, stdout.ToString(), stderr.ToString());
    }
}
