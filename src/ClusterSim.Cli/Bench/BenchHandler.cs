using System.Globalization;
using ClusterSim.Cli.Commands;
using ClusterSim.Cli.Hosting;
using ClusterSim.Cli.Rendering;
using ClusterSim.Cli.Run;
using Microsoft.Extensions.Options;

namespace ClusterSim.Cli.Bench;

/// <summary><c>clustersim bench engine|fabric|serving</c>: quick speed figures measured in one process run.</summary>
public sealed class BenchHandler(CliConsole console, IOptions<CatalogOptions> catalog) : IVerbHandler<BenchArguments>
{
    /// <inheritdoc />
    public Task<int> HandleAsync(BenchArguments arguments, CancellationToken cancellationToken)
    {
        IReadOnlyList<(string Name, double Value, string Unit)> figures = arguments.Target switch
        {
            BenchTarget.Engine => EngineBench.Run(arguments.Scale, cancellationToken)
                .SelectMany(f => new[]
                {
                    (f.Name + " events per wall second", f.EventsPerSecond, "events/s"),
                    (f.Name + " events per CPU second", f.EventsPerCpuSecond, "events/s"),
                    (f.Name + " allocated per event", f.AllocatedBytesPerEvent, "B"),
                })
                .ToArray(),
            BenchTarget.Fabric => FabricBench.Run(TimeSpan.FromSeconds(Math.Max(1, arguments.Scale))),
            _ => ServingBench(arguments.Scale, cancellationToken),
        };
        var rows = figures.Select(f => new[] { f.Name, f.Value.ToString("#,0.##", CultureInfo.InvariantCulture), f.Unit });
        console.Out.Write(SummaryTable.Columns($"bench {arguments.Target.ToString().ToLowerInvariant()}", ["measurement", "value", "unit"], rows, new HashSet<string> { "value" }));
        return Task.FromResult(ExitCodes.Success);
    }

    private IReadOnlyList<(string Name, double Value, string Unit)> ServingBench(int scale, CancellationToken cancellationToken)
    {
        var folders = catalog.Value.Open();
        return Bench.ServingBench.Run(ScenarioArguments.ResolvePath(null, folders), folders, scale, cancellationToken);
    }
}
