using System.Globalization;
using ClusterSim.Input;
using ClusterSim.Scenarios;

namespace ClusterSim.Measurements;

/// <summary>One measured run and the scenario that describes its deployment and harness: the unit a fit sums over.</summary>
/// <param name="Scenario">The scenario (without a calibration overlay; the fit lays its trial values over it).</param>
/// <param name="Run">The measurement.</param>
public sealed record CalibrationPair(Scenario Scenario, MeasuredRun Run)
{
    /// <summary>
    /// Pairs scenarios with measured runs (docs/calibration.md, "Pairing"): as many scenarios as runs pair in order;
    /// one scenario pairs with every run. Each run's recorded harness (closed-loop concurrency, request rate, number
    /// of prompts) is set on its scenario as a <c>--set</c> would, so one deployment file serves a whole load sweep.
    /// Every pair then passes <see cref="HarnessCheck"/>.
    /// </summary>
    /// <param name="scenarioPaths">The scenario files.</param>
    /// <param name="settings">--set overrides applied to every scenario, before the harness's.</param>
    /// <param name="runs">The measured runs, in file order.</param>
    /// <param name="trailing">Overrides applied last, after the harness's (--requests).</param>
    /// <exception cref="InputException">Counts that do not pair, a bad scenario, or a harness the scenario does not describe.</exception>
    public static IReadOnlyList<CalibrationPair> Pair(IReadOnlyList<string> scenarioPaths, IReadOnlyList<ScenarioOverride> settings, IReadOnlyList<MeasuredRun> runs, IReadOnlyList<ScenarioOverride>? trailing = null)
    {
        ArgumentNullException.ThrowIfNull(scenarioPaths);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(runs);
        if (scenarioPaths.Count != 1 && scenarioPaths.Count != runs.Count)
        {
            throw new InputException("--measured", string.Empty, $"{scenarioPaths.Count} scenarios and {runs.Count} measured runs do not pair; give one scenario per run (same order) or one scenario for all");
        }

        var pairs = new List<CalibrationPair>();
        for (var i = 0; i < runs.Count; i++)
        {
            var run = runs[i];
            var overrides = settings.ToList();
            overrides.AddRange(HarnessOverrides(run.Harness));

            overrides.AddRange(trailing ?? []);
            var scenario = ScenarioReader.Load(scenarioPaths[scenarioPaths.Count == 1 ? 0 : i], overrides);
            HarnessCheck.Check(scenario, run);
            pairs.Add(new CalibrationPair(scenario, run));
        }

        return pairs;
    }

    /// <summary>The scenario settings that make a scenario drive the load <paramref name="harness"/> recorded.</summary>
    public static IReadOnlyList<ScenarioOverride> HarnessOverrides(HarnessSettings harness)
    {
        ArgumentNullException.ThrowIfNull(harness);
        var overrides = new List<ScenarioOverride>();
        static string Text(double value) => value.ToString("R", CultureInfo.InvariantCulture);
        if (harness.IsClosedLoop)
        {
            overrides.Add(new("workload.arrival", "closed"));
            overrides.Add(new("workload.concurrency", Text(harness.MaxConcurrency!.Value)));
        }
        else if (harness.RequestRate is { } rate && double.IsFinite(rate))
        {
            overrides.Add(new("workload.rate_per_s", Text(rate)));
        }

        if (harness.Prompts is { } prompts && harness.IsClosedLoop)
        {
            overrides.Add(new("workload.requests", Text(prompts)));
        }

        return overrides;
    }
}
