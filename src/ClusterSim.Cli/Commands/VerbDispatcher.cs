using ClusterSim.Cli.Hosting;
using ClusterSim.Scenarios;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ClusterSim.Input;

namespace ClusterSim.Cli.Commands;

/// <summary>
/// Runs a parsed verb: builds the host, validates settings, resolves the verb's <see cref="IVerbHandler{TArguments}"/>
/// and turns user errors and cancellation into their exit codes and one line on stderr.
/// </summary>
internal sealed class VerbDispatcher(CliEnvironment environment, Func<bool> verbose)
{
    /// <summary>A handler delegate for <see cref="RunCommand.Create"/> and the other verb factories.</summary>
    public Func<TArguments, CancellationToken, Task<int>> For<TArguments>(string verbPath) =>
        (arguments, cancellationToken) => DispatchAsync(verbPath, arguments, cancellationToken);

    private async Task<int> DispatchAsync<TArguments>(string verbPath, TArguments arguments, CancellationToken cancellationToken)
    {
        try
        {
            using var host = CliHost.Build(environment, verbose());
            environment.Phases.Mark("host");
            CliHost.ValidateSettings(host.Services);
            var handler = host.Services.GetRequiredService<IVerbHandler<TArguments>>();
            environment.Phases.Mark("settings");
            return await handler.HandleAsync(arguments, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await environment.Error.WriteLineAsync($"clustersim {verbPath}: cancelled");
            return ExitCodes.Cancelled;
        }
        catch (Exception e) when (e is UserErrorException or InputException)
        {
            await environment.Error.WriteLineAsync(OneLine(e.Message));
            return ExitCodes.BadInput;
        }
    }

    // The promise is one line per error; a stray newline in a message must not break scripts that read stderr.
    private static string OneLine(string message) => message.ReplaceLineEndings(" ");
}
