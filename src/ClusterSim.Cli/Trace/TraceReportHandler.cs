using ClusterSim.Cli.Commands;
using ClusterSim.Cli.Rendering;
using ClusterSim.Cli.Report;
using ClusterSim.Cli.Sweep;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace ClusterSim.Cli.Trace;

/// <summary>
/// <c>clustersim trace report RUN_DIR</c>: regenerates report.html from the files of a run folder, or of a sweep folder
/// when it holds sweep.csv; prints the path written.
/// </summary>
public sealed class TraceReportHandler(CliConsole console, ILogger<TraceReportHandler> logger) : IVerbHandler<TraceReportArguments>
{
    /// <inheritdoc />
    public Task<int> HandleAsync(TraceReportArguments arguments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var folder = arguments.RunDirectory;
        if (!SweepReport.IsSweepFolder(folder))
        {
            // Regenerating from a Parquet folder would replace the run's full report.html with one missing its charts.
            RunFolderFiles.ThrowIfParquet(folder, "regenerates report.html from requests.csv and timeseries.csv (the run already wrote report.html)");
        }

        var path = SweepReport.IsSweepFolder(folder)
            ? SweepReport.WriteFor(folder)
            : ReportWriter.WriteFor(folder, logger);
        console.Out.WriteLine(path);
        return Task.FromResult(ExitCodes.Success);
    }
}
