using ClusterSim.Cli.Commands;
using ClusterSim.Cli.Hosting;
using ClusterSim.Cli.Rendering;
using ClusterSim.Scenarios;
using Spectre.Console;
using Microsoft.Extensions.Options;

namespace ClusterSim.Cli.Analyze;

/// <summary>`clustersim analyze`: closed-form analysis of a model on an accelerator, as tables or one JSON document.</summary>
internal sealed class AnalyzeHandler(CliConsole console, CliEnvironment environment, IOptions<CatalogOptions> catalog) : IVerbHandler<AnalyzeArguments>
{
    /// <summary>Resolves the inputs, runs every analysis and writes the result to stdout.</summary>
    public async Task<int> HandleAsync(AnalyzeArguments arguments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var inputs = new AnalyzeInputResolver(catalog.Value.Open()).Resolve(arguments);
        cancellationToken.ThrowIfCancellationRequested();
        var report = AnalyzeReport.Build(inputs);

        if (arguments.Json)
        {
            await environment.Out.WriteAsync(AnalyzeJson.Serialize(report).AsMemory(), cancellationToken);
        }
        else
        {
            foreach (var table in AnalyzeTables.All(report))
            {
                console.Out.Write(table);
                console.Out.WriteLine();
            }
        }

        await environment.Out.FlushAsync(cancellationToken);
        return ExitCodes.Success;
    }
}
