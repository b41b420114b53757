using ClusterSim.Cli.Logging;
using ClusterSim.Cli.Output;
using ClusterSim.Hardware;
using ClusterSim.Input;
using ClusterSim.Planning;
using ClusterSim.Runs;
using ClusterSim.Scenarios;
using ClusterSim.Sweeps;
using ClusterSim.Telemetry;
using Microsoft.Extensions.Logging;

namespace ClusterSim.Cli.Sweep;

/// <summary>A sweep point ready to run: its scenario loaded and checked, its folder named.</summary>
/// <param name="Manifest">The point and its per-point constants.</param>
/// <param name="Plan">The deployment of the scenario with the point's overrides applied.</param>
/// <param name="Folder">The point's folder (absolute).</param>
public sealed record PreparedPoint(PointManifest Manifest, DeploymentPlan Plan, string Folder);

/// <summary>
/// Runs one sweep point in-process into its own folder: requests.csv (pending file), log.clef, point.json, then
/// summary.json last and atomically, so a folder with summary.json is a complete point and anything else is redone.
/// </summary>
public sealed class PointRunner(RunLogSink runLogs, ILoggerFactory loggers)
{
    /// <summary>Loads the scenario of <paramref name="point"/> and plans its deployment (fails before any run).</summary>
    public static PreparedPoint Prepare(string scenarioPath, SweepPoint point, string sweepFolder, Catalog catalog)
    {
        ArgumentNullException.ThrowIfNull(point);
        var plan = DeploymentPlanner.Resolve(ScenarioReader.Load(scenarioPath, point.Overrides), catalog);
        var (precision, hardware) = (plan.Precision, plan.Hardware);
        var weights = precision.ExpertWeights;
        var ridge = hardware.Supports(weights) ? hardware.RidgePoint(weights) : hardware.RidgePoint(DataType.Bf16);
        var manifest = new PointManifest(point, weights.BytesPerElement(), ridge);
        return new PreparedPoint(manifest, plan, Path.Combine(Path.GetFullPath(sweepFolder), point.FolderName));
    }

    /// <summary>Runs the point unless its folder is already complete; returns false when it was skipped.</summary>
    /// <exception cref="OperationCanceledException">Cancelled; the folder is left without summary.json.</exception>
    public async Task<bool> RunAsync(PreparedPoint point, IProgress<SimulationProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(point);
        if (SweepRow.IsComplete(point.Folder))
        {
            return false;
        }

        Directory.CreateDirectory(point.Folder);
        using var log = runLogs.Open(point.Folder);
        var logger = loggers.CreateLogger("ClusterSim.Sweep.Point");
        logger.LogInformation("Sweep point {Index} ({Id}): {Settings}", point.Manifest.Point.Index, point.Manifest.Point.Id, string.Join(", ", point.Manifest.Point.Settings.Select(s => s.KeyPath + "=" + s.Value)));

        await using var requestsFile = PendingFile.Create(Path.Combine(point.Folder, "requests.csv"));
        var writer = new StreamWriter(requestsFile.Stream, AtomicFile.Utf8, 1 << 16, leaveOpen: true) { NewLine = "\n" };
        RunResult result;
        using (var requests = new RequestsCsvWriter(writer))
        {
            try
            {
                result = ScenarioRunner.Run(point.Plan, requests, logger, progress, cancellationToken);
            }
            catch (RunCancelledException)
            {
                throw new OperationCanceledException("sweep point cancelled", cancellationToken);
            }

            requests.Flush();
        }

        await writer.FlushAsync(CancellationToken.None);
        await requestsFile.CommitAsync(CancellationToken.None);
        AtomicFile.Write(Path.Combine(point.Folder, PointManifest.FileName), point.Manifest.Write);
        AtomicFile.Write(Path.Combine(point.Folder, SweepRow.SummaryFileName), stream => SummaryJsonWriter.Write(stream, result));
        logger.LogInformation("Sweep point {Index} finished: {Events} events in {Wall:0.##} s wall", point.Manifest.Point.Index, result.Events, result.WallSeconds);
        return true;
    }
}
