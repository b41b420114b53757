using System.Globalization;
using System.Net;
using System.Text;
using ClusterSim.DeploymentSearch;
using ClusterSim.RunFolders;

namespace ClusterSim.Cli.Plan;

/// <summary>
/// The files of a plan folder. Every folder holds results.json (what `plan merge` reads) and plan.csv; a whole plan
/// (one machine, or merged shards) adds pareto.csv, pareto.svg, report.html and winners/NN-&lt;name&gt;.yaml, the
/// objective's best candidates as scenario files that `clustersim run` takes as they are.
/// </summary>
public static class PlanOutputs
{
    /// <summary>The folder of winning scenarios.</summary>
    public const string WinnersFolder = "winners";

    /// <summary>The report's file name.</summary>
    public const string ReportFileName = "report.html";

    /// <summary>Writes the files into <paramref name="folder"/>; the winners' file names, best first.</summary>
    public static IReadOnlyList<string> Write(string folder, PlanSpec plan, PlanResults results, CandidateScenario scenarios, bool whole)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(scenarios);
        File.WriteAllText(Path.Combine(folder, PlanResults.FileName), results.ToJson(), AtomicFile.Utf8);
        File.WriteAllText(Path.Combine(folder, PlanTable.PlanFileName), PlanTable.PlanCsv(results.Results, plan.Objective), AtomicFile.Utf8);
        if (!whole)
        {
            return [];
        }

        var ranked = PlanRanking.Rank(results.Results, plan.Objective);
        File.WriteAllText(Path.Combine(folder, PlanTable.ParetoFileName), PlanTable.ParetoCsv(results.Results, plan.Objective), AtomicFile.Utf8);
        var svg = ParetoSvg.Render($"{plan.Name}: tokens/s/GPU against tokens/s/user", results.Results, ranked.FirstOrDefault());
        File.WriteAllText(Path.Combine(folder, ParetoSvg.FileName), svg, AtomicFile.Utf8);
        var winners = new List<string>();
        Directory.CreateDirectory(Path.Combine(folder, WinnersFolder));
        foreach (var (winner, i) in ranked.Take(plan.Top).Select((r, i) => (r, i)))
        {
            var name = string.Create(CultureInfo.InvariantCulture, $"{i + 1:00}-{scenarios.NameOf(winner.Candidate)}.yaml");
            File.WriteAllText(Path.Combine(folder, WinnersFolder, name), scenarios.Text(winner.Candidate), AtomicFile.Utf8);
            winners.Add(Path.Combine(WinnersFolder, name));
        }

        File.WriteAllText(Path.Combine(folder, ReportFileName), Report(plan, results.Results, ranked, svg, winners), AtomicFile.Utf8);
        return winners;
    }

    /// <summary>The one-line count of a plan's candidates: enumerated, pruned, simulated, meeting the SLOs.</summary>
    public static string Counts(IReadOnlyList<CandidateResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var pruned = results.Count(r => r.PrunedReason is not null);
        var dry = results.Count(r => r.PrunedReason is null && r.CapacityStatus == CandidateEvaluator.NotSimulated);
        return dry > 0
            ? string.Create(CultureInfo.InvariantCulture, $"{results.Count} candidates: {pruned} pruned, {dry} to simulate (dry run)")
            : string.Create(
                CultureInfo.InvariantCulture,
                $"{results.Count} candidates: {pruned} pruned, {results.Count - pruned} simulated, {results.Count(r => r.Feasible)} meet the SLOs, {ParetoFrontier.Of(results).Count} on the Pareto frontier");
    }

    /// <summary>Pruned candidates grouped by the kind of reason (the text before its first ':'), most common first.</summary>
    public static IReadOnlyList<(string Kind, int Count, string Example)> PruneReasons(IReadOnlyList<CandidateResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        return results.Where(r => r.PrunedReason is not null)
            .GroupBy(r => CandidatePruner.Kind(r.PrunedReason!), StringComparer.Ordinal)
            .Select(g => (g.Key, g.Count(), g.OrderBy(r => r.Candidate.Index).First().PrunedReason!))
            .OrderByDescending(g => g.Item2).ThenBy(g => g.Key, StringComparer.Ordinal)
            .ToArray();
    }

    private static string Report(PlanSpec plan, IReadOnlyList<CandidateResult> results, IReadOnlyList<CandidateResult> ranked, string svg, IReadOnlyList<string> winners)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>").Append(E(plan.Name)).Append(" plan</title>\n");
        html.Append("<style>body{font-family:sans-serif;margin:2em;max-width:1200px}table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ccc;padding:3px 6px}td.n{text-align:right}</style></head><body>\n");
        html.Append("<h1>Plan ").Append(E(plan.Name)).Append("</h1>\n<p>");
        html.Append(E($"Objective {PlanRanking.Name(plan.Objective)}; SLOs TTFT {Ms(plan.Slo.TtftMs)}, TPOT {Ms(plan.Slo.TpotMs)} met by {plan.Slo.TargetAttainment:P0} of requests; "));
        html.Append(E(Counts(results))).Append(".</p>\n");
        html.Append("<h2>Pareto frontier</h2>\n").Append(svg).Append('\n');
        html.Append("<h2>Best by the objective</h2>\n");
        Table(html, ranked.Take(plan.Top).ToArray(), winners);
        html.Append("<h2>Frontier points</h2>\n");
        Table(html, ParetoFrontier.Of(results), null);
        html.Append("<h2>Pruned</h2>\n<table><tr><th>reason</th><th>candidates</th><th>first example</th></tr>\n");
        foreach (var (kind, count, example) in PruneReasons(results))
        {
            html.Append("<tr><td>").Append(E(kind)).Append("</td><td class=\"n\">").Append(count.ToString(CultureInfo.InvariantCulture)).Append("</td><td>").Append(E(example)).Append("</td></tr>\n");
        }

        html.Append("</table>\n<p>Every candidate with its settings and figures: plan.csv. docs/planning.md explains the columns.</p>\n</body></html>\n");
        return html.ToString();
    }

    private static void Table(StringBuilder html, IReadOnlyList<CandidateResult> rows, IReadOnlyList<string>? files)
    {
        html.Append("<table><tr><th>#</th><th>settings</th><th>req/s</th><th>tok/s/GPU</th><th>tok/s/user</th><th>TTFT p90 ms</th><th>TPOT p90 ms</th><th>$/M tok</th><th>J/tok</th><th>bottleneck</th>");
        html.Append(files is null ? "</tr>\n" : "<th>scenario</th></tr>\n");
        for (var i = 0; i < rows.Count; i++)
        {
            var r = rows[i];
            html.Append("<tr><td class=\"n\">").Append((i + 1).ToString(CultureInfo.InvariantCulture)).Append("</td><td>").Append(E(r.Candidate.Settings)).Append("</td>");
            foreach (var (value, format) in new[] { (r.CapacityRatePerSecond, "0.###"), (r.TokensPerSecondPerGpu, "0.#"), (r.TokensPerSecondPerUser, "0.#"), (r.TtftP90Ms, "0"), (r.TpotP90Ms, "0.#"), (r.UsdPerMillionTokens, "0.###"), (r.JoulesPerToken, "0.###") })
            {
                html.Append("<td class=\"n\">").Append(value is { } v ? v.ToString(format, CultureInfo.InvariantCulture) : "-").Append("</td>");
            }

            html.Append("<td>").Append(E(r.Bottleneck ?? "-")).Append("</td>");
            if (files is not null)
            {
                html.Append("<td>").Append(i < files.Count ? E(files[i]) : "-").Append("</td>");
            }

            html.Append("</tr>\n");
        }

        html.Append("</table>\n");
    }

    private static string Ms(double ms) => double.IsFinite(ms) ? ms.ToString("0.##", CultureInfo.InvariantCulture) + " ms" : "none";

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
