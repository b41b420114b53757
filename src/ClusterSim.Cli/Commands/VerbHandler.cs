using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ClusterSim.Cli.Commands;

/// <summary>What a verb does with its parsed arguments; register an implementation in DI to give a verb its behaviour.</summary>
/// <typeparam name="TArguments">The verb's arguments record, e.g. <see cref="RunArguments"/>.</typeparam>
public interface IVerbHandler<in TArguments>
{
    /// <summary>Runs the verb and returns the exit code (see <see cref="ExitCodes"/>).</summary>
    /// <remarks>
    /// Throw <see cref="UserErrorException"/> or a ScenarioFileException for user errors (exit 2) and let
    /// <see cref="OperationCanceledException"/> escape on Ctrl-C (exit 130); the dispatcher prints them.
    /// </remarks>
    Task<int> HandleAsync(TArguments arguments, CancellationToken cancellationToken);
}

/// <summary>The placeholder behaviour of a verb whose issue is not done: one line on stderr and exit 2.</summary>
public sealed class NotAvailableHandler<TArguments>(string verbPath, int issue, TextWriter error) : IVerbHandler<TArguments>
{
    /// <summary>Prints "clustersim VERB: not available yet (issue N)" and returns <see cref="ExitCodes.BadInput"/>.</summary>
    public async Task<int> HandleAsync(TArguments arguments, CancellationToken cancellationToken)
    {
        await error.WriteLineAsync($"clustersim {verbPath}: not available yet (issue {issue})".AsMemory(), cancellationToken);
        return ExitCodes.BadInput;
    }
}

/// <summary>Registers the default handler of every verb.</summary>
public static class VerbHandlers
{
    /// <summary>
    /// Registers <see cref="NotAvailableHandler{TArguments}"/> for each verb not yet registered; a real handler
    /// registered before or after (AddSingleton replaces for resolution) takes its place.
    /// </summary>
    public static void AddDefaults(IServiceCollection services)
    {
        Add<RunArguments>(services, RunCommand.Name, VerbIssues.Run);
        Add<SweepArguments>(services, SweepCommand.Name, VerbIssues.Sweep);
        Add<CapacityArguments>(services, CapacityCommand.Name, VerbIssues.Capacity);
        Add<AnalyzeArguments>(services, AnalyzeCommand.Name, VerbIssues.Analyze);
        Add<TraceSummarizeArguments>(services, "trace summarize", VerbIssues.Trace);
        Add<TraceRequestsArguments>(services, "trace requests", VerbIssues.Trace);
        Add<TraceLogArguments>(services, "trace log", VerbIssues.Trace);
        Add<TraceReportArguments>(services, "trace report", VerbIssues.Trace);
        Add<CompareArguments>(services, CompareCommand.Name, VerbIssues.Compare);
        Add<BaselineUpdateArguments>(services, BaselineCommand.UpdatePath, VerbIssues.Compare);
        Add<ValidateArguments>(services, ValidateCommand.Name, VerbIssues.Validate);
        Add<BenchArguments>(services, BenchCommand.Name, VerbIssues.Bench);
    }

    private static void Add<TArguments>(IServiceCollection services, string verbPath, int issue)
    {
        services.TryAddSingleton<IVerbHandler<TArguments>>(
            sp => new NotAvailableHandler<TArguments>(verbPath, issue, sp.GetRequiredService<Hosting.CliEnvironment>().Error));
    }
}
