using ClusterSim.Input;
using ClusterSim.Planning;
using ClusterSim.Sweeps;
using Microsoft.Extensions.Logging;

namespace ClusterSim.DeploymentSearch;

/// <summary>
/// Judges one candidate: resolves its scenario (the planner refuses what cannot be built), applies the closed-form
/// checks (<see cref="CandidatePruner"/>), and searches the survivors' capacity with every probe a whole simulation
/// of the base scenario's traffic with the base's seed (common random numbers across candidates and probes).
/// </summary>
/// <param name="plan">The plan.</param>
/// <param name="catalog">Where names resolve.</param>
/// <param name="logger">Told each probe and each finished candidate.</param>
public sealed class CandidateEvaluator(PlanSpec plan, Catalog catalog, ILogger logger)
{
    private readonly CandidateScenario scenarios = new(plan);

    /// <summary>The candidates' scenario writer.</summary>
    public CandidateScenario Scenarios => scenarios;

    /// <summary>Status of a survivor a dry run did not simulate.</summary>
    public const string NotSimulated = "not_simulated";

    /// <summary>Prunes or measures <paramref name="candidate"/>; with <paramref name="simulate"/> false only prunes.</summary>
    /// <exception cref="OperationCanceledException">Cancelled mid-search.</exception>
    public CandidateResult Evaluate(Candidate candidate, bool simulate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        DeploymentPlan deployment;
        try
        {
            deployment = DeploymentPlanner.Resolve(scenarios.Read(candidate), catalog);
        }
        catch (InputException e)
        {
            // The key path locates the problem inside the candidate's scenario; the file name is the candidate's own.
            return Log(CandidateResult.Pruned(candidate, string.IsNullOrEmpty(e.KeyPath) ? e.Problem : $"{e.KeyPath}: {e.Problem}"));
        }

        if (CandidatePruner.Reason(deployment, plan.Slo.TpotMs) is { } reason)
        {
            return Log(CandidateResult.Pruned(candidate, reason));
        }

        if (!simulate)
        {
            return new CandidateResult(candidate, null, NotSimulated);
        }

        var start = plan.StartRatePerGpu!.Value * candidate.Gpus;
        var run = CapacityRuns.Search(
            start,
            plan.Slo.TargetAttainment,
            plan.Precision,
            rate => DeploymentPlanner.Resolve(scenarios.Read(candidate, rate), catalog),
            (rate, attainment) => logger.LogDebug("Plan candidate {Index}: {Rate:0.####} req/s -> attainment {Attainment:0.####}", candidate.Index, rate, attainment),
            cancellationToken);
        var status = run.Outcome.Status switch
        {
            CapacityStatus.Found => "found",
            CapacityStatus.AboveRange => "above_range",
            _ => "below_range",
        };
        if (run.AtRate is not { } at)
        {
            return Log(new CandidateResult(candidate, null, status, Probes: run.Outcome.Probes.Count));
        }

        var bounding = RunFigures.Bounding(at);
        var tpotMedian = at.Metrics.Tpot.Count > 0 ? at.Metrics.Tpot.Quantile(0.5) : double.NaN;
        return Log(new CandidateResult(
            candidate,
            null,
            status,
            run.Outcome.RatePerSecond,
            RunFigures.OutputTokensPerSecondPerGpu(at),
            tpotMedian > 0 ? 1000 / tpotMedian : null,
            at.Metrics.Ttft.Count > 0 ? at.Metrics.Ttft.Quantile(0.9) : null,
            at.Metrics.Tpot.Count > 0 ? at.Metrics.Tpot.Quantile(0.9) : null,
            RunFigures.SloAttainment(at),
            bounding.Resource,
            bounding.Share,
            at.Energy?.Overall.UsdPerMillionOutputTokens,
            at.Energy?.Overall.JoulesPerOutputToken,
            run.Outcome.Probes.Count));
    }

    private CandidateResult Log(CandidateResult result)
    {
        logger.LogInformation(
            "Plan candidate {Index} ({Settings}): {Outcome}",
            result.Candidate.Index,
            result.Candidate.Settings,
            result.PrunedReason is { } reason ? "pruned: " + reason : $"{result.CapacityStatus} {result.CapacityRatePerSecond:0.####} req/s, {result.TokensPerSecondPerGpu:0.#} tok/s/GPU");
        return result;
    }
}
