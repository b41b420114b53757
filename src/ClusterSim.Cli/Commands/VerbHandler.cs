using ClusterSim.Input;

namespace ClusterSim.Cli.Commands;

/// <summary>What a verb does with its parsed arguments; register an implementation in DI to give a verb its behaviour.</summary>
/// <typeparam name="TArguments">The verb's arguments record, e.g. <see cref="RunArguments"/>.</typeparam>
public interface IVerbHandler<in TArguments>
{
    /// <summary>Runs the verb and returns the exit code (see <see cref="ExitCodes"/>).</summary>
    /// <remarks>
    /// Throw <see cref="UserErrorException"/> or a InputException for user errors (exit 2) and let
    /// <see cref="OperationCanceledException"/> escape on Ctrl-C (exit 130); the dispatcher prints them.
    /// </remarks>
    Task<int> HandleAsync(TArguments arguments, CancellationToken cancellationToken);
}
