using System.Globalization;
using ClusterSim.Cli.Commands;
using ClusterSim.Cli.Hosting;
using ClusterSim.Cli.Rendering;
using ClusterSim.Cli.Run;
using ClusterSim.Measurements;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ClusterSim.Cli.MeasureError;

/// <summary>
/// <c>clustersim measure-error</c>: reads the measurement, checks that the scenario describes its harness, simulates
/// the scenario (no run folder is written), and reports each metric predicted against measured. Exit 1 when a
/// compared metric is beyond --max-error.
/// </summary>
public sealed class MeasureErrorHandler(IOptions<CatalogOptions> catalog, IOptions<RunsOptions> runs, ILoggerFactory loggers, CliConsole console) : IVerbHandler<MeasureErrorArguments>
{
    /// <inheritdoc />
    public async Task<int> HandleAsync(MeasureErrorArguments arguments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var logger = loggers.CreateLogger("ClusterSim.MeasureError");
        var catalogFolders = catalog.Value.Open();
        var path = ScenarioArguments.ResolvePath(arguments.Scenario, catalogFolders);

        // The measurement first: a bad file is refused before any simulation.
        var measured = MeasurementReader.Read(arguments.Measured, arguments.Format, arguments.Record);
        var plan = ScenarioArguments.Plan(path, arguments.Settings ?? [], catalogFolders, calibration: CliOptions.ReadCalibration(arguments.Calibration));
        ScenarioArguments.CheckSize(plan, runs.Value.Limits, arguments.AllowLarge, telemetry: false);
        var notes = HarnessCheck.Check(plan.Scenario, measured).ToList();

        var predicted = await Task.Run(() => PredictedRun.Simulate(plan, logger, cancellationToken), CancellationToken.None);
        if (predicted.Result.Cancelled)
        {
            throw new OperationCanceledException("measure-error cancelled", cancellationToken);
        }

        if (measured.Figures.Completed is { } done && predicted.Figures.Completed is { } simulated && done != simulated)
        {
            notes.Add(new HarnessNote(true, $"{done} requests finished in the measurement, {simulated} in the simulation"));
        }

        var rows = MeasurementComparison.Compare(predicted.Figures, measured, predicted.Result.Accelerators);
        var beyond = arguments.MaxErrorPercent is { } max ? MeasurementComparison.Beyond(rows, max).Select(r => r.Metric).ToArray() : [];
        var report = new MeasureErrorReport(
            plan.Scenario.Name,
            path,
            arguments.Measured,
            MeasurementFormats.Name(measured.Format),
            measured.Record,
            predicted.Result.Accelerators,
            notes,
            rows,
            arguments.MaxErrorPercent,
            beyond);
        foreach (var note in notes.Where(n => n.Warning))
        {
            logger.LogWarning("Harness: {Note}", note.Text);
        }

        if (arguments.Json)
        {
            await console.Out.Profile.Out.Writer.WriteAsync(MeasureErrorJson.Write(report));
        }
        else
        {
            MeasureErrorView.Render(console.Out, report);
        }

        if (beyond.Length > 0)
        {
            var gate = arguments.MaxErrorPercent!.Value.ToString("0.###", CultureInfo.InvariantCulture);
            logger.LogWarning("{Count} metric(s) beyond --max-error {Max} %: {Metrics}", beyond.Length, gate, string.Join(", ", beyond));
            return ExitCodes.GateFailed;
        }

        return ExitCodes.Success;
    }
}
