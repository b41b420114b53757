using System.Globalization;
using ClusterSim.Cli.Commands;
using ClusterSim.Cli.Hosting;
using ClusterSim.Cli.Rendering;
using ClusterSim.Cli.Run;
using ClusterSim.Input;
using ClusterSim.Planning;
using ClusterSim.Scenarios;
using ClusterSim.Sweeps;
using ClusterSim.Workloads;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ClusterSim.Cli.Capacity;

/// <summary>
/// <c>clustersim capacity</c>: for the scenario (or each point of --sweep-set) searches workload.rate_per_s for the
/// highest rate whose SLO attainment meets the target, every probe a full simulation with the scenario's seed.
/// </summary>
public sealed class CapacityHandler(IOptions<CatalogOptions> catalog, IOptions<RunsOptions> runs, ILoggerFactory loggers, CliConsole console) : IVerbHandler<CapacityArguments>
{
    /// <inheritdoc />
    public async Task<int> HandleAsync(CapacityArguments arguments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var logger = loggers.CreateLogger("ClusterSim.Capacity");
        var catalogFolders = catalog.Value.Open();
        var path = ScenarioArguments.ResolvePath(arguments.Scenario, catalogFolders);
        var settings = (arguments.Settings ?? []).Select(s => new ScenarioOverride(s.KeyPath, s.Value)).ToArray();
        var axes = arguments.SweepAxes ?? [];
        SweepPlan? plan = null;
        if (axes.Count > 0)
        {
            try
            {
                plan = SweepPlan.Create(axes.Select(a => new SweepParameter(a.KeyPath, a.Values)).ToArray());
            }
            catch (SweepException e)
            {
                throw new UserErrorException(e.Message, e);
            }
        }

        var points = plan?.Points ?? [new SweepPoint(0, [])];

        // Every point's scenario is loaded and checked (SLOs, a rate to start from) before the first simulation.
        var calibration = CliOptions.ReadCalibration(arguments.Calibration);
        var starts = points.Select(p => StartRate(path, settings.Concat(p.Overrides).ToArray(), calibration, catalogFolders, runs.Value.Limits, arguments.AllowLarge)).ToArray();
        var parallel = arguments.Parallel > 0 ? arguments.Parallel : Environment.ProcessorCount;
        var results = new CapacityResult[points.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, points.Count),
            new ParallelOptions { MaxDegreeOfParallelism = plan is null ? 1 : parallel, CancellationToken = cancellationToken },
            (i, ct) =>
            {
                results[i] = Search(path, settings.Concat(points[i].Overrides).ToArray(), calibration, catalogFolders, starts[i], arguments, logger, points[i], ct);
                return ValueTask.CompletedTask;
            });

        if (arguments.Json)
        {
            await console.Out.Profile.Out.Writer.WriteAsync(CapacityJson.Write(arguments.TargetAttainment, arguments.RelativePrecision, plan?.Parameters ?? [], results));
        }
        else
        {
            CapacityView.Render(console.Out, arguments.TargetAttainment, arguments.RelativePrecision, plan?.Parameters ?? [], results);
        }

        return ExitCodes.Success;
    }

    private static double StartRate(string path, IReadOnlyList<ScenarioOverride> overrides, CalibrationOverlay? calibration, Catalog catalog, OutputLimits limits, bool allowLarge)
    {
        // Planned, not only read: a deployment that cannot work is refused before the first simulation, and so is a
        // probe too long to finish (probes write no files, so only the run-time estimate can refuse).
        var deployment = DeploymentPlanner.Resolve(ScenarioReader.Load(path, overrides) with { Calibration = calibration }, catalog);
        ScenarioArguments.CheckSize(deployment, limits, allowLarge, telemetry: false);
        var scenario = deployment.Scenario;
        if (double.IsPositiveInfinity(scenario.Slo.TtftMs) && double.IsPositiveInfinity(scenario.Slo.TpotMs))
        {
            throw new InputException(path, "slo", "the scenario sets no SLO (ttft_ms or tpot_ms); capacity searches the highest rate that meets them, so add an slo section or --set slo.tpot_ms=...");
        }

        var rate = scenario.Workload switch
        {
            SyntheticWorkloadSpec synthetic => synthetic.Arrival.RatePerSecond,
            TraceWorkloadSpec trace => trace.RatePerSecond,
            _ => null,
        };
        return rate is { } r && r > 0 && double.IsFinite(r)
            ? r
            : throw new InputException(path, "workload.rate_per_s", "capacity needs a positive starting rate; set workload.rate_per_s (a trace is then replayed at that rate)");
    }

    private static CapacityResult Search(
        string path, IReadOnlyList<ScenarioOverride> overrides, CalibrationOverlay? calibration, Catalog catalog, double start, CapacityArguments arguments, ILogger logger, SweepPoint point, CancellationToken cancellationToken)
    {
        DeploymentPlan PlanAt(double rate)
        {
            var withRate = overrides.Append(new ScenarioOverride("workload.rate_per_s", rate.ToString("R", CultureInfo.InvariantCulture))).ToArray();
            return DeploymentPlanner.Resolve(ScenarioReader.Load(path, withRate) with { Calibration = calibration }, catalog);
        }

        var run = CapacityRuns.Search(
            start,
            arguments.TargetAttainment,
            arguments.RelativePrecision,
            PlanAt,
            (rate, attainment) => logger.LogInformation("Capacity probe {Point}: {Rate:0.####} req/s -> attainment {Attainment:0.####}", point.Index, rate, attainment),
            cancellationToken);
        var atRate = run.AtRate;
        return new CapacityResult(
            point,
            run.Outcome,
            atRate is null ? null : RunFigures.OutputTokensPerSecondPerGpu(atRate),
            atRate is null ? null : RunFigures.Bounding(atRate),
            atRate?.Accelerators)
        {
            UsdPerMillionOutputTokens = atRate?.Energy?.Overall.UsdPerMillionOutputTokens,
            JoulesPerOutputToken = atRate?.Energy?.Overall.JoulesPerOutputToken,
        };
    }
}

/// <summary>The capacity of one point: the search outcome and the figures of the run at the found rate.</summary>
/// <param name="Point">The --sweep-set point (no settings when not sweeping).</param>
/// <param name="Outcome">Status, rate, bracket and probes.</param>
/// <param name="OutputTokensPerSecondPerGpu">Per-GPU output throughput at the found rate.</param>
/// <param name="Bounding">The bounding resource at the found rate.</param>
/// <param name="Accelerators">Accelerators of the deployment.</param>
public sealed record CapacityResult(
    SweepPoint Point,
    CapacityOutcome Outcome,
    double? OutputTokensPerSecondPerGpu,
    BoundingResource? Bounding,
    int? Accelerators)
{
    /// <summary>US dollars per million output tokens at the found rate (summary.json's energy.overall); null without a price or power figures.</summary>
    public double? UsdPerMillionOutputTokens { get; init; }

    /// <summary>Facility joules per output token at the found rate; null without power figures.</summary>
    public double? JoulesPerOutputToken { get; init; }
}
