using ClusterSim.Cli.Commands;
using ClusterSim.Cli.Hosting;
using ClusterSim.Cli.Logging;
using ClusterSim.Cli.Output;
using ClusterSim.Cli.Rendering;
using ClusterSim.RunFolders;
using ClusterSim.Runs;
using ClusterSim.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ClusterSim.Cli.Run;

/// <summary>
/// <c>clustersim run</c>: loads the scenario, simulates it and writes the run folder through
/// <see cref="RunFolderWriter"/>; a cancelled run keeps its files cut at the cancellation and says it is partial.
/// </summary>
public sealed class RunHandler(
    IOptions<RunsOptions> runs,
    IOptions<CatalogOptions> catalog,
    RunLogSink runLogs,
    ILoggerFactory loggers,
    ProgressDisplay progress,
    CliConsole console,
    CliEnvironment environment,
    TimeProvider clock) : IVerbHandler<RunArguments>
{
    /// <inheritdoc />
    public async Task<int> HandleAsync(RunArguments arguments, CancellationToken cancellationToken)
    {
        // report.html is drawn at the end; its first chart carries one-time costs that the other core can pay now.
        var warmUp = Task.Run(Report.ReportCharts.WarmUp, CancellationToken.None);
        var catalogFolders = catalog.Value.Open();
        var path = ScenarioArguments.ResolvePath(arguments.Scenario, catalogFolders);
        var plan = ScenarioArguments.Plan(path, arguments.Settings, catalogFolders, arguments.Seed, arguments.Fidelity, CliOptions.ReadCalibration(arguments.Calibration));
        var scenario = plan.Scenario;
        environment.Phases.Mark("scenario");
        ScenarioArguments.CheckSize(plan, runs.Value.Limits, arguments.AllowLarge);
        var folder = RunFolder.Create(arguments.OutDirectory, scenario.Name, arguments.Force, runs.Value.Directory, clock.GetLocalNow().DateTime);
        var files = new FolderFileStore(folder.FullPath);
        using var log = runLogs.Open(files);
        var logger = loggers.CreateLogger("ClusterSim.Run");
        logger.LogInformation("Running scenario {Scenario} ({File}) with seed {Seed} into {Folder}", scenario.Name, path, scenario.Seed, folder.FullPath);

        RunResult result;
        ReportSeries? kept;
        using (var writer = new RunFolderWriter(files, scenario.Outputs))
        {
            RunFolderWriter.PrepareSummary(scenario);
            environment.Phases.Mark("outputs");
            result = await progress.RunAsync(scenario.Name, p => Task.Run(
                () => ScenarioRunner.Run(plan, writer.Outputs, logger, new ProgressAdapter(p), cancellationToken),
                CancellationToken.None));

            // A cancelled run keeps what it wrote up to the cut: every file is committed and summary.json says partial.
            environment.Phases.Mark("simulation");
            writer.Finish(result);
            environment.Phases.Mark("summary");
            kept = writer.Report;
            if (writer.Trace is { } trace)
            {
                logger.LogInformation("trace.json: {Events} events written, {Dropped} left out by the cap of {Cap}", trace.Events, trace.DroppedEvents, scenario.Outputs.TraceMaxEvents);
            }
        }

        if (result.Cancelled)
        {
            logger.LogWarning("Run cancelled at {Simulated:0.###} simulated seconds; finished files are kept and summary.json says partial", result.SimulatedSeconds);
            throw new OperationCanceledException("run cancelled", cancellationToken);
        }

        logger.LogInformation("Finished: {Events} events in {Wall:0.##} s wall", result.Events, result.WallSeconds);
        if (result.Metrics.Ttft.Count == 0)
        {
            // summary.json writes the figures as null; say why here so a reader does not look for a bug.
            logger.LogWarning("No request completed: latency figures are absent ({Dropped} dropped, {Completed} completed outside the measurement window)", result.Metrics.Dropped, result.Metrics.Completed);
        }

        await warmUp;
        Report.ReportWriter.WriteFor(folder.FullPath, logger, kept);
        environment.Phases.Mark("report");
        logger.LogDebug("Phases of this process (wall): {Phases}", environment.Phases.Describe());
        RunSummaryView.Render(console.Out, result, folder.FullPath);
        return ExitCodes.Success;
    }

    private sealed class ProgressAdapter(IProgress<RunProgress> inner) : IProgress<SimulationProgress>
    {
        public void Report(SimulationProgress value) => inner.Report(new RunProgress(value.SimulatedSeconds, value.EndSeconds, value.Events, value.WindowSeconds));
    }
}
