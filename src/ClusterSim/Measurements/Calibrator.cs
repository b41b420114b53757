using ClusterSim.Input;
using ClusterSim.Kernels;
using ClusterSim.Planning;
using ClusterSim.Scenarios;
using Microsoft.Extensions.Logging;

namespace ClusterSim.Measurements;

/// <summary>How a fit's error is measured on a part (fitted or held out): mean |error| in percent over every compared metric.</summary>
/// <param name="PriorPercent">With the scenarios as they are (no overlay).</param>
/// <param name="CalibratedPercent">With the fitted values laid over them.</param>
/// <param name="Runs">Measured runs in the part.</param>
/// <param name="Metrics">Compared metrics summed over.</param>
public sealed record PartError(double PriorPercent, double CalibratedPercent, int Runs, int Metrics);

/// <summary>What <see cref="Calibrator.Calibrate"/> found.</summary>
/// <param name="Parameters">The parameters fitted, in <see cref="CalibrationParameter.All"/> order.</param>
/// <param name="Prior">Their values before the fit (the first scenario's).</param>
/// <param name="Fitted">Their fitted values (the fit on every fitted run).</param>
/// <param name="FittedPart">Error on the runs fitted.</param>
/// <param name="HeldOut">Error on the held-out runs (k-fold: each fold predicted by the fit on the others), or null without a split.</param>
/// <param name="Evaluations">Objective evaluations (each simulates every run of its part once).</param>
public sealed record CalibrationResult(
    IReadOnlyList<CalibrationParameter> Parameters,
    IReadOnlyList<double> Prior,
    IReadOnlyList<double> Fitted,
    PartError FittedPart,
    PartError? HeldOut,
    int Evaluations)
{
    /// <summary>True when a held-out part exists and the fit predicts it worse than the prior did: such a fit is refused.</summary>
    public bool IsWorseHeldOut => HeldOut is { } h && h.CalibratedPercent > h.PriorPercent;

    /// <summary>The fitted values as an overlay whose sources say where they came from.</summary>
    /// <param name="file">The overlay's file name.</param>
    /// <param name="measured">The measurement files, named in each source.</param>
    /// <param name="date">The date of the fit.</param>
    public CalibrationOverlay Overlay(string file, IReadOnlyList<string> measured, DateOnly date)
    {
        ArgumentNullException.ThrowIfNull(measured);
        var heldOut = HeldOut is { } h ? $"held-out error {h.CalibratedPercent:0.##} %" : "held-out error not measured (no --holdout)";
        // A long list stays in the overlay's calibrated_from; each source names at most four files.
        var names = measured.Select(Path.GetFileName).ToArray();
        var files = names.Length <= 4 ? string.Join(", ", names) : $"{names.Length} files ({names[0]} ... {names[^1]})";
        var source = FormattableString.Invariant($"calibrated: {files}, {date:yyyy-MM-dd}, {heldOut}");
        return new CalibrationOverlay(file, Parameters.Select((p, i) => new CalibratedValue(p, Fitted[i], source)).ToArray());
    }
}

/// <summary>
/// Fits a small named set of parameters (<see cref="CalibrationParameter"/>) to measured runs by bounded least squares
/// on log error: the objective is the mean over every compared metric of every run of ln(predicted / measured)², each
/// evaluation simulating every run with the trial values laid over its scenario (in parallel across runs: each run
/// builds its own cluster, as sweep points do). The search is Nelder-Mead on each parameter's range mapped to [0, 1];
/// a point outside is rejected.
/// </summary>
public sealed class Calibrator(Catalog catalog, ILogger logger, int parallelism, CancellationToken cancellationToken = default)
{
    /// <summary>Objective evaluations per fit when the caller does not say.</summary>
    public const int DefaultMaxEvaluations = 80;

    /// <summary>Objective evaluations at most per fit.</summary>
    public int MaxEvaluations { get; init; } = DefaultMaxEvaluations;

    /// <summary>
    /// Fits <paramref name="parameters"/> to <paramref name="pairs"/>. <paramref name="heldOut"/> non-empty: fits the
    /// rest and reports both parts; <paramref name="folds"/> ≥ 2 (and no explicit held-out runs): k-fold, each fold
    /// predicted by the fit on the others, then the values fitted on every run; neither: one fit, no held-out error.
    /// </summary>
    /// <exception cref="InputException">Nothing to fit, or more folds than runs.</exception>
    public CalibrationResult Calibrate(IReadOnlyList<CalibrationPair> pairs, IReadOnlyList<CalibrationParameter> parameters, IReadOnlyList<CalibrationPair> heldOut, int folds = 0)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(heldOut);
        if (pairs.Count == 0)
        {
            throw new InputException("--measured", string.Empty, "no measured run is left to fit");
        }

        if (heldOut.Count == 0 && folds > pairs.Count)
        {
            throw new InputException("--holdout", string.Empty, $"{folds}-fold needs at least {folds} measured runs; there are {pairs.Count}");
        }

        var ordered = CalibrationParameter.All.Where(parameters.Contains).ToArray();
        var prior = Prior(pairs[0].Scenario, ordered);
        var evaluations = 0;
        var (fitted, spent) = Fit(pairs, ordered, prior);
        evaluations += spent;
        var priorFitted = Error(pairs, null);
        var fittedPart = new PartError(priorFitted.Percent, Error(pairs, Trial(ordered, fitted)).Percent, pairs.Count, priorFitted.Metrics);

        PartError? heldOutPart = null;
        if (heldOut.Count > 0)
        {
            var before = Error(heldOut, null);
            heldOutPart = new PartError(before.Percent, Error(heldOut, Trial(ordered, fitted)).Percent, heldOut.Count, before.Metrics);
        }
        else if (folds >= 2)
        {
            double priorSum = 0, calibratedSum = 0;
            var metrics = 0;
            for (var fold = 0; fold < folds; fold++)
            {
                var test = pairs.Where((_, i) => i % folds == fold).ToArray();
                var train = pairs.Where((_, i) => i % folds != fold).ToArray();
                var (values, foldSpent) = Fit(train, ordered, prior);
                evaluations += foldSpent;
                var before = Error(test, null);
                var after = Error(test, Trial(ordered, values));
                priorSum += before.Percent * before.Metrics;
                calibratedSum += after.Percent * after.Metrics;
                metrics += before.Metrics;
                logger.LogInformation("Fold {Fold}/{Folds}: held-out error {Before:0.##} % before, {After:0.##} % after", fold + 1, folds, before.Percent, after.Percent);
            }

            heldOutPart = new PartError(metrics > 0 ? priorSum / metrics : 0, metrics > 0 ? calibratedSum / metrics : 0, pairs.Count, metrics);
        }

        return new CalibrationResult(ordered, prior, fitted, fittedPart, heldOutPart, evaluations);
    }

    /// <summary>The parameters' values in <paramref name="scenario"/> as planned (its engine profile, multipliers 1, its all-to-all SMs).</summary>
    public IReadOnlyList<double> Prior(Scenario scenario, IReadOnlyList<CalibrationParameter> parameters)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(parameters);
        var plan = DeploymentPlanner.Resolve(scenario with { Calibration = null }, catalog);
        return parameters.Select(p =>
        {
            var value = p == CalibrationParameter.HostOverheadPerStep ? plan.Engine.HostPerStep.Value.TotalMilliseconds
                : p == CalibrationParameter.HostOverheadPerRequest ? plan.Engine.HostPerRequest.Value.TotalMicroseconds
                : p == CalibrationParameter.AllToAllSms ? plan.Pools.Max(pool => pool.AllToAll.Sms)
                : 1.0;
            return Math.Clamp(value, p.Minimum, p.Maximum);
        }).ToArray();
    }

    /// <summary>Mean |error| in percent and the compared metrics of <paramref name="pairs"/> with <paramref name="overlay"/> (null: as they are).</summary>
    public (double Percent, int Metrics, double MeanSquaredLogError) Error(IReadOnlyList<CalibrationPair> pairs, CalibrationOverlay? overlay)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var rows = Compare(pairs, overlay).SelectMany(r => r).Where(r => r.Status == MetricStatus.Compared && r.LogError is not null).ToArray();
        return rows.Length == 0
            ? (0, 0, 0)
            : (rows.Average(r => Math.Abs(r.ErrorPercent!.Value)), rows.Length, rows.Average(r => r.LogError!.Value * r.LogError.Value));
    }

    /// <summary>Every pair simulated with <paramref name="overlay"/> and compared with its measurement, in pair order.</summary>
    public IReadOnlyList<IReadOnlyList<MetricError>> Compare(IReadOnlyList<CalibrationPair> pairs, CalibrationOverlay? overlay)
    {
        ArgumentNullException.ThrowIfNull(pairs);

        // Plans resolve one after another (they read catalog files); the runs, each with its own engine and cluster, in parallel.
        var plans = pairs.Select(p => DeploymentPlanner.Resolve(p.Scenario with { Calibration = overlay }, catalog)).ToArray();
        var rows = new IReadOnlyList<MetricError>[pairs.Count];
        Parallel.For(0, pairs.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallelism), CancellationToken = cancellationToken }, i =>
        {
            var predicted = PredictedRun.Simulate(plans[i], logger, cancellationToken);
            rows[i] = MeasurementComparison.Compare(predicted.Figures, pairs[i].Run, predicted.Result.Accelerators);
        });
        cancellationToken.ThrowIfCancellationRequested();
        return rows;
    }

    /// <summary>An overlay holding <paramref name="values"/> of <paramref name="parameters"/> (a trial point of the fit).</summary>
    public static CalibrationOverlay Trial(IReadOnlyList<CalibrationParameter> parameters, IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(values);
        return new CalibrationOverlay("(trial)", parameters.Select((p, i) => new CalibratedValue(p, values[i], "calibrate: trial value")).ToArray());
    }

    private (double[] Values, int Evaluations) Fit(IReadOnlyList<CalibrationPair> pairs, IReadOnlyList<CalibrationParameter> parameters, IReadOnlyList<double> prior)
    {
        // Search in [0, 1] per parameter so one step size suits milliseconds and multipliers alike.
        double[] ToValues(double[] u) => u.Select((x, i) => parameters[i].Minimum + (x * (parameters[i].Maximum - parameters[i].Minimum))).ToArray();
        var start = prior.Select((v, i) => (v - parameters[i].Minimum) / (parameters[i].Maximum - parameters[i].Minimum)).ToArray();
        var steps = start.Select(u => u + 0.15 <= 1 ? 0.15 : -0.15).ToArray();
        double Objective(double[] u) => u.Any(x => !(x >= 0 && x <= 1))
            ? double.PositiveInfinity
            : Error(pairs, Trial(parameters, ToValues(u))).MeanSquaredLogError;

        // A simplex can collapse onto a valley floor before it reaches the bottom; one restart from the best point
        // with fresh steps (a common Nelder-Mead remedy) costs the rest of the budget.
        var first = NelderMead.Minimise(Objective, start, steps, iterations: int.MaxValue, maxEvaluations: MaxEvaluations * 3 / 5, tolerance: 1e-10);
        var restartSteps = first.Point.Select(u => u + 0.05 <= 1 ? 0.05 : -0.05).ToArray();
        var second = NelderMead.Minimise(Objective, first.Point, restartSteps, iterations: int.MaxValue, maxEvaluations: Math.Max(1, MaxEvaluations - first.Evaluations), tolerance: 1e-10);
        var best = second.Value <= first.Value ? second : first;
        var spent = first.Evaluations + second.Evaluations;
        logger.LogInformation("Fit of {Parameters} on {Runs} runs: mean squared log error {Value:0.######} after {Evaluations} evaluations", string.Join(", ", parameters.Select(p => p.Name)), pairs.Count, best.Value, spent);
        return (ToValues(best.Point), spent);
    }
}
