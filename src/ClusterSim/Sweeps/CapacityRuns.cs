using ClusterSim.Planning;
using ClusterSim.Runs;
using Microsoft.Extensions.Logging.Abstractions;

namespace ClusterSim.Sweeps;

/// <summary>A capacity search and the run it found: the search outcome and the simulation at the found rate.</summary>
/// <param name="Outcome">Status, rate, bracket and probes.</param>
/// <param name="AtRate">The run at the found rate; null when even the lowest rate tried missed the target.</param>
public sealed record CapacityRun(CapacityOutcome Outcome, RunResult? AtRate);

/// <summary>
/// <see cref="CapacitySearch"/> with every probe a whole simulation of the deployment at that rate (same seed every
/// probe); `capacity` and `plan` both search through it.
/// </summary>
public static class CapacityRuns
{
    /// <summary>Searches the highest rate meeting <paramref name="targetAttainment"/>.</summary>
    /// <param name="startRatePerSecond">First rate probed.</param>
    /// <param name="targetAttainment">Required SLO attainment, in (0, 1].</param>
    /// <param name="relativePrecision">Relative width of the final bracket.</param>
    /// <param name="planAt">The deployment at one rate (the scenario with <c>workload.rate_per_s</c> set).</param>
    /// <param name="probed">Told each probe's rate and attainment (for logging); may be null.</param>
    /// <param name="cancellationToken">Stops the search; a probe cut short throws <see cref="OperationCanceledException"/>.</param>
    public static CapacityRun Search(
        double startRatePerSecond,
        double targetAttainment,
        double relativePrecision,
        Func<double, DeploymentPlan> planAt,
        Action<double, double>? probed,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(planAt);
        var runs = new Dictionary<double, RunResult>();
        double Attainment(double rate)
        {
            var result = ScenarioRunner.Run(planAt(rate), (Telemetry.IRequestSink?)null, NullLogger.Instance, null, cancellationToken);
            if (result.Cancelled)
            {
                // A probe cut short measured too little to judge the rate; the whole search stops (exit 130).
                throw new OperationCanceledException("capacity probe cancelled", cancellationToken);
            }

            runs[rate] = result;
            var attainment = RunFigures.SloAttainment(result);
            probed?.Invoke(rate, attainment);
            return attainment;
        }

        var outcome = CapacitySearch.Search(startRatePerSecond, targetAttainment, relativePrecision, Attainment, cancellationToken);
        return new CapacityRun(outcome, outcome.RatePerSecond is { } found ? runs[found] : null);
    }
}
