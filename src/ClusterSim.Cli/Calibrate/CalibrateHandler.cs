using System.Globalization;
using ClusterSim.Cli.Commands;
using ClusterSim.Cli.Hosting;
using ClusterSim.Cli.Rendering;
using ClusterSim.Cli.Run;
using ClusterSim.Input;
using ClusterSim.Measurements;
using ClusterSim.Scenarios;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ClusterSim.Cli.Calibrate;

/// <summary>
/// <c>clustersim calibrate</c>: reads every measurement, pairs each run with its scenario, fits the named parameters,
/// prints the before/after table and writes the overlay, unless the held-out runs are predicted worse than before
/// (exit 1, nothing written).
/// </summary>
public sealed class CalibrateHandler(IOptions<CatalogOptions> catalog, ILoggerFactory loggers, CliConsole console, TimeProvider clock) : IVerbHandler<CalibrateArguments>
{
    /// <inheritdoc />
    public async Task<int> HandleAsync(CalibrateArguments arguments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var logger = loggers.CreateLogger("ClusterSim.Calibrate");
        var folders = catalog.Value.Open();
        var paths = arguments.Scenarios.Select(s => ScenarioArguments.ResolvePath(s, folders)).ToArray();
        var set = MeasurementSet.Read(arguments.Measured, arguments.Format);
        var unknown = arguments.HoldoutFiles.Where(h => !arguments.Measured.Any(m => SameFile(m, h))).ToArray();
        if (unknown.Length > 0)
        {
            throw new InputException("--holdout-files", unknown[0], "is not one of the --measured files");
        }

        var settings = arguments.Settings.Select(s => new ScenarioOverride(s.KeyPath, s.Value)).ToList();
        var trailing = arguments.Requests is { } n ? new[] { new ScenarioOverride("workload.requests", n.ToString(CultureInfo.InvariantCulture)) } : [];
        var pairs = CalibrationPair.Pair(paths, settings, set.Runs, trailing);
        var heldOut = pairs.Where(p => arguments.HoldoutFiles.Any(h => SameFile(p.Run.File, h))).ToArray();
        var fitted = pairs.Except(heldOut).ToArray();
        logger.LogInformation(
            "Calibrating {Parameters} on {Fitted} runs ({HeldOut}), at most {Evaluations} evaluations per fit",
            string.Join(", ", arguments.Parameters.Select(p => p.Name)),
            fitted.Length,
            heldOut.Length > 0 ? $"{heldOut.Length} held out" : arguments.Folds >= 2 ? $"{arguments.Folds}-fold" : "no hold-out",
            arguments.MaxEvaluations);

        var parallel = arguments.Parallel > 0 ? arguments.Parallel : Environment.ProcessorCount;
        var calibrator = new Calibrator(folders, logger, parallel, cancellationToken) { MaxEvaluations = arguments.MaxEvaluations };
        var wall = System.Diagnostics.Stopwatch.StartNew();
        var result = await Task.Run(() => calibrator.Calibrate(fitted, arguments.Parameters, heldOut, arguments.Folds), CancellationToken.None);
        wall.Stop();
        logger.LogInformation("Calibration took {Evaluations} evaluations in {Wall:0.#} s wall", result.Evaluations, wall.Elapsed.TotalSeconds);

        CalibrateView.Render(console.Out, result);
        if (result.IsWorseHeldOut)
        {
            logger.LogError(
                "Refused: the fit predicts the held-out runs worse ({After:0.##} %) than the prior ({Before:0.##} %); nothing written to {Out}",
                result.HeldOut!.CalibratedPercent,
                result.HeldOut.PriorPercent,
                arguments.Out);
            return ExitCodes.GateFailed;
        }

        var date = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var overlay = result.Overlay(arguments.Out, arguments.Measured, date);
        var directory = Path.GetDirectoryName(Path.GetFullPath(arguments.Out))!;
        Directory.CreateDirectory(directory);
        await File.WriteAllTextAsync(
            arguments.Out,
            overlay.ToYaml(arguments.Measured.Select(Path.GetFileName).ToArray()!, date, result.FittedPart.CalibratedPercent, result.HeldOut?.CalibratedPercent, result.HeldOut?.PriorPercent),
            cancellationToken);
        await console.Out.Profile.Out.Writer.WriteLineAsync($"wrote {arguments.Out}: use it with --calibration {arguments.Out}");
        return ExitCodes.Success;
    }

    private static bool SameFile(string a, string b) => string.Equals(Path.GetFullPath(a), Path.GetFullPath(b), StringComparison.Ordinal);
}
