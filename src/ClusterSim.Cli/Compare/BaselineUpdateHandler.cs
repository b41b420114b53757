using ClusterSim.Cli.Commands;
using ClusterSim.Cli.Hosting;
using ClusterSim.Regression;
using Microsoft.Extensions.Options;

namespace ClusterSim.Cli.Compare;

/// <summary>
/// <c>clustersim baseline update</c>: re-runs the regression suite in-process, rewrites the golden summaries that
/// changed, and prints per case what changed (metric by metric, then other lines) for review.
/// </summary>
public sealed class BaselineUpdateHandler(CliEnvironment environment, IOptions<CatalogOptions> catalog) : IVerbHandler<BaselineUpdateArguments>
{
    /// <summary>Where the default suite is looked for: scenarios/ under the current directory.</summary>
    public static string DefaultSuiteRoot => Path.Combine(Directory.GetCurrentDirectory(), Input.Catalog.FolderName);

    /// <inheritdoc />
    public Task<int> HandleAsync(BaselineUpdateArguments arguments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        // The golden files belong to the working tree being reviewed, not to the copy of the catalog shipped beside the
        // program: the default suite is the one under the current directory, as a developer runs it from the repository.
        var suiteFile = arguments.Suite ?? Path.Combine(DefaultSuiteRoot, "regression", "suite.yaml");
        var baselines = arguments.BaselinesDirectory ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(suiteFile))!, "..", "baselines");
        var suite = RegressionSuite.Load(suiteFile, baselines);
        var output = environment.Out;
        output.WriteLine($"baseline update: {suite.Cases.Count} cases from {suite.SuiteFile} into {suite.BaselinesDirectory}{(arguments.DryRun ? " (dry run: nothing written)" : string.Empty)}");
        var changes = BaselineUpdate.Run(suite, catalog.Value.Open(), arguments.DryRun, new Progress(cancellationToken));
        foreach (var change in changes)
        {
            output.WriteLine($"{change.Status,-9} {change.Case.Name}");
            foreach (var m in change.Metrics)
            {
                output.WriteLine($"          {m.Metric}: {SummaryMetrics.Format(m.Baseline)} -> {SummaryMetrics.Format(m.Candidate)}");
            }

            foreach (var line in change.OtherLines)
            {
                output.WriteLine("          " + line);
            }
        }

        var changed = changes.Count(c => c.Status != "unchanged");
        output.WriteLine(changed == 0
            ? "all baselines unchanged"
            : $"{changed} baseline(s) {(arguments.DryRun ? "would change" : "written")}; review the diff (git diff scenarios/baselines) before committing");
        return Task.FromResult(ExitCodes.Success);
    }

    // Cancellation is checked between cases: each runs in well under a second.
    private sealed class Progress(CancellationToken cancellationToken) : IProgress<RegressionCase>
    {
        public void Report(RegressionCase value) => cancellationToken.ThrowIfCancellationRequested();
    }
}
