using ClusterSim.Cli.Commands;
using ClusterSim.Cli.Hosting;
using ClusterSim.Cli.Logging;
using ClusterSim.Cli.Output;
using ClusterSim.Cli.Rendering;
using ClusterSim.Runs;
using ClusterSim.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ClusterSim.Cli.Run;

/// <summary>
/// <c>clustersim run</c>: loads the scenario, simulates it and writes the run folder. Every file is written under a
/// temporary name and renamed when complete; a cancelled run keeps its finished files and says it is partial.
/// </summary>
public sealed class RunHandler(
    IOptions<RunsOptions> runs,
    IOptions<CatalogOptions> catalog,
    RunLogSink runLogs,
    ILoggerFactory loggers,
    ProgressDisplay progress,
    CliConsole console,
    TimeProvider clock) : IVerbHandler<RunArguments>
{
    /// <inheritdoc />
    public async Task<int> HandleAsync(RunArguments arguments, CancellationToken cancellationToken)
    {
        var catalogFolders = catalog.Value.Open();
        var path = ScenarioArguments.ResolvePath(arguments.Scenario, catalogFolders);
        var plan = ScenarioArguments.Plan(path, arguments.Settings, catalogFolders, arguments.Seed, arguments.Fidelity);
        var scenario = plan.Scenario;
        var folder = RunFolder.Create(arguments.OutDirectory, scenario.Name, arguments.Force, runs.Value.Directory, clock.GetLocalNow().DateTime);
        using var log = runLogs.Open(folder.FullPath);
        var logger = loggers.CreateLogger("ClusterSim.Run");
        logger.LogInformation("Running scenario {Scenario} ({File}) with seed {Seed} into {Folder}", scenario.Name, path, scenario.Seed, folder.FullPath);

        await using var requestsFile = PendingFile.Create(folder.File("requests.csv"));
        var writer = new StreamWriter(requestsFile.Stream, AtomicFile.Utf8, 1 << 16, leaveOpen: true) { NewLine = "\n" };
        var outputs = scenario.Outputs;
        await using var timeseriesFile = outputs.Timeseries ? PendingFile.Create(folder.File("timeseries.csv")) : null;
        var timeseriesWriter = timeseriesFile is null ? null : new StreamWriter(timeseriesFile.Stream, AtomicFile.Utf8, 1 << 16, leaveOpen: true) { NewLine = "\n" };
        await using var traceFile = outputs.Trace ? PendingFile.Create(folder.File("trace.json")) : null;
        var traceOptions = new TraceOutputOptions(
            Engine.SimTime.Zero + outputs.TraceWindowStart,
            outputs.TraceWindowEnd is { } traceEnd ? Engine.SimTime.Zero + traceEnd : Engine.SimTime.MaxValue,
            outputs.TraceMaxEvents);
        RunResult result;
        var partial = false;
        using (var requests = new RequestsCsvWriter(writer))
        using (var telemetry = new TelemetryOutputs(requests, timeseriesWriter, outputs.TimeseriesWindow, traceFile?.Stream, traceOptions))
        {
            try
            {
                result = await progress.RunAsync(scenario.Name, p => Task.Run(
                    () => ScenarioRunner.Run(plan, telemetry, logger, new ProgressAdapter(p), cancellationToken),
                    CancellationToken.None));
            }
            catch (RunCancelledException cancelled)
            {
                result = cancelled.Partial;
                partial = true;
            }

            requests.Flush();
            if (telemetry.Trace is { } trace)
            {
                logger.LogInformation("trace.json: {Events} events written, {Dropped} left out by the cap of {Cap}", trace.Events, trace.DroppedEvents, outputs.TraceMaxEvents);
            }
        }

        await writer.FlushAsync(CancellationToken.None);
        await requestsFile.CommitAsync(CancellationToken.None);
        if (timeseriesFile is not null)
        {
            await timeseriesWriter!.FlushAsync(CancellationToken.None);
            await timeseriesFile.CommitAsync(CancellationToken.None);
        }

        if (traceFile is not null)
        {
            await traceFile.CommitAsync(CancellationToken.None);
        }

        AtomicFile.Write(folder.File("summary.json"), stream => SummaryJsonWriter.Write(stream, result));
        if (partial)
        {
            logger.LogWarning("Run cancelled at {Simulated:0.###} simulated seconds; finished files are kept and summary.json says partial", result.SimulatedSeconds);
            throw new OperationCanceledException("run cancelled", cancellationToken);
        }

        logger.LogInformation("Finished: {Events} events in {Wall:0.##} s wall", result.Events, result.WallSeconds);
        Report.ReportWriter.WriteFor(folder.FullPath, logger);
        RunSummaryView.Render(console.Out, result, folder.FullPath);
        return ExitCodes.Success;
    }

    private sealed class ProgressAdapter(IProgress<RunProgress> inner) : IProgress<SimulationProgress>
    {
        public void Report(SimulationProgress value) => inner.Report(new RunProgress(value.SimulatedSeconds, value.EndSeconds, value.Events));
    }
}
