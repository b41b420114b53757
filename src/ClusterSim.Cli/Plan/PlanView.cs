using System.Globalization;
using ClusterSim.Cli.Rendering;
using ClusterSim.DeploymentSearch;
using Spectre.Console;

namespace ClusterSim.Cli.Plan;

/// <summary>The console output of a plan: the counts, the top-N table by the objective and where the files are.</summary>
public static class PlanView
{
    /// <summary>Renders the plan's outcome.</summary>
    public static void Render(IAnsiConsole console, PlanSpec plan, IReadOnlyList<CandidateResult> results, string folder, IReadOnlyList<string> winners)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(winners);
        console.WriteLine($"Plan {plan.Name}: {PlanOutputs.Counts(results)}");
        foreach (var (kind, count, _) in PlanOutputs.PruneReasons(results))
        {
            console.WriteLine($"  pruned by {kind}: {count.ToString(CultureInfo.InvariantCulture)}");
        }

        var ranked = PlanRanking.Rank(results, plan.Objective).Take(plan.Top).ToArray();
        var headers = new[] { "#", "deployment", "req/s", "tok/s/GPU", "tok/s/user", "TTFT p90 ms", "TPOT p90 ms", "$/M tok", "J/tok", "bottleneck" };
        var rows = ranked.Select((r, i) => (IReadOnlyList<string>)
        [
            (i + 1).ToString(CultureInfo.InvariantCulture),
            r.Candidate.Settings,
            F(r.CapacityRatePerSecond, "0.###"),
            F(r.TokensPerSecondPerGpu, "0.#"),
            F(r.TokensPerSecondPerUser, "0.#"),
            F(r.TtftP90Ms, "0"),
            F(r.TpotP90Ms, "0.#"),
            F(r.UsdPerMillionTokens, "0.###"),
            F(r.JoulesPerToken, "0.###"),
            r.Bottleneck is { } b ? $"{b} ({F(r.BottleneckShare * 100, "0")}%)" : "-",
        ]);
        var title = $"Best {ranked.Length} by {PlanRanking.Name(plan.Objective)} (capacity: highest rate with {plan.Slo.TargetAttainment.ToString("P0", CultureInfo.InvariantCulture)} of requests meeting the SLOs)";
        console.Write(SummaryTable.Columns(title, headers, rows, new HashSet<string> { "#", "req/s", "tok/s/GPU", "tok/s/user", "TTFT p90 ms", "TPOT p90 ms", "$/M tok", "J/tok" }));
        console.WriteLine($"Plan folder: {folder}");
        foreach (var w in winners)
        {
            console.WriteLine($"  clustersim run {Path.Combine(folder, w)}");
        }
    }

    private static string F(double? value, string format) => value is { } v ? v.ToString(format, CultureInfo.InvariantCulture) : "-";
}
