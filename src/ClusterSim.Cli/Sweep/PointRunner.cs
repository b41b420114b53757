using ClusterSim.Cli.Logging;
using ClusterSim.Hardware;
using ClusterSim.Input;
using ClusterSim.Planning;
using ClusterSim.RunFolders;
using ClusterSim.Runs;
using ClusterSim.Scenarios;
using ClusterSim.Sweeps;
using Microsoft.Extensions.Logging;

namespace ClusterSim.Cli.Sweep;

/// <summary>A sweep point ready to run: its scenario loaded and checked, its folder named.</summary>
/// <param name="Manifest">The point and its per-point constants.</param>
/// <param name="Plan">The deployment of the scenario with the point's overrides applied.</param>
/// <param name="Folder">The point's folder (absolute).</param>
public sealed record PreparedPoint(PointManifest Manifest, DeploymentPlan Plan, string Folder);

/// <summary>
/// Runs one sweep point in-process into its own folder through <see cref="RunFolderWriter"/>: requests.csv, log.clef,
/// point.json, then summary.json last, so a folder with summary.json is a complete point and anything else is redone.
/// </summary>
public sealed class PointRunner(RunLogSink runLogs, ILoggerFactory loggers)
{
    /// <summary>Loads the scenario of <paramref name="point"/> and plans its deployment with <paramref name="calibration"/> laid over it (fails before any run).</summary>
    public static PreparedPoint Prepare(string scenarioPath, SweepPoint point, string sweepFolder, Catalog catalog, CalibrationOverlay? calibration = null)
    {
        ArgumentNullException.ThrowIfNull(point);
        var plan = DeploymentPlanner.Resolve(ScenarioReader.Load(scenarioPath, point.Overrides) with { Calibration = calibration }, catalog);
        var (precision, hardware) = (plan.Precision, plan.Hardware);
        var weights = precision.ExpertWeights;
        var ridge = hardware.Supports(weights.Type) ? hardware.RidgePoint(weights.Type) : hardware.RidgePoint(DataType.Bf16);
        var manifest = new PointManifest(point, weights.BytesPerElement(), ridge);
        return new PreparedPoint(manifest, plan, Path.Combine(Path.GetFullPath(sweepFolder), point.FolderName));
    }

    /// <summary>Runs the point unless its folder is already complete; returns false when it was skipped.</summary>
    /// <exception cref="OperationCanceledException">Cancelled; the folder is left without summary.json.</exception>
    public Task<bool> RunAsync(PreparedPoint point, IProgress<SimulationProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(point);
        if (SweepRow.IsComplete(point.Folder))
        {
            return Task.FromResult(false);
        }

        Directory.CreateDirectory(point.Folder);
        var files = new FolderFileStore(point.Folder);
        using var log = runLogs.Open(files);
        var logger = loggers.CreateLogger("ClusterSim.Sweep.Point");
        logger.LogInformation("Sweep point {Index} ({Id}): {Settings}", point.Manifest.Point.Index, point.Manifest.Point.Id, string.Join(", ", point.Manifest.Point.Settings.Select(s => s.KeyPath + "=" + s.Value)));

        // Every line this point logs (the drain-limit warning, faults) names the point on the console.
        using var scope = logger.BeginScope(new Dictionary<string, object> { [CliLogTemplates.PointProperty] = $"point {point.Manifest.Point.Index}: " });

        RunResult result;
        // A point keeps no timeseries or trace, but its requests table follows outputs.format like a run's.
        using (var writer = new RunFolderWriter(files, telemetry: null, point.Plan.Scenario.Outputs.Format))
        {
            result = ScenarioRunner.Run(point.Plan, writer.Outputs, logger, progress, cancellationToken);
            if (result.Cancelled)
            {
                // Disposing without Finish throws the point's files away: a resumed sweep redoes the whole point.
                throw new OperationCanceledException("sweep point cancelled", cancellationToken);
            }

            writer.Finish(result, new RunFolderExtra(PointManifest.FileName, point.Manifest.Write));
        }

        logger.LogInformation("Sweep point {Index} finished: {Events} events in {Wall:0.##} s wall", point.Manifest.Point.Index, result.Events, result.WallSeconds);
        return Task.FromResult(true);
    }
}
