using System.Globalization;
using System.Text;

namespace ClusterSim.DeploymentSearch;

/// <summary>
/// plan.csv and pareto.csv: one row per candidate (every candidate, or the frontier's), its settings, whether and why
/// it was pruned, and its figures at capacity. A pure function of the results, so one machine and merged shards
/// write the same bytes.
/// </summary>
public static class PlanTable
{
    /// <summary>Every candidate.</summary>
    public const string PlanFileName = "plan.csv";

    /// <summary>The non-dominated candidates.</summary>
    public const string ParetoFileName = "pareto.csv";

    private static readonly string[] PoolNames = ["serving", "prefill", "decode"];

    private static readonly string[] PoolColumns = ["gpus", "instances", "ep", "tp", "dp", "redundant", "micro_batches", "max_running_requests", "all_to_all"];

    /// <summary>The header's column names, in order.</summary>
    public static IReadOnlyList<string> Columns { get; } =
    [
        "candidate", "id", "hardware", "gpus", "mode", "prefill_decode",
        .. PoolNames.SelectMany(p => PoolColumns.Select(c => $"{p}.{c}")),
        "mtp", "status", "pruned_reason", "capacity_status", "capacity_req_s", "tokens_per_s_per_gpu", "tokens_per_s_per_user",
        "ttft_p90_ms", "tpot_p90_ms", "slo_attainment", "bottleneck", "bottleneck_share", "usd_per_m_tokens", "j_per_token", "probes",
        "objective", "rank", "pareto",
    ];

    /// <summary>plan.csv: every result in candidate order.</summary>
    public static string PlanCsv(IReadOnlyList<CandidateResult> results, PlanObjective objective) =>
        Csv(results.OrderBy(r => r.Candidate.Index).ToArray(), results, objective);

    /// <summary>pareto.csv: the frontier by tokens/s/user ascending.</summary>
    public static string ParetoCsv(IReadOnlyList<CandidateResult> results, PlanObjective objective) =>
        Csv(ParetoFrontier.Of(results), results, objective);

    private static string Csv(IReadOnlyList<CandidateResult> rows, IReadOnlyList<CandidateResult> all, PlanObjective objective)
    {
        var rank = PlanRanking.Rank(all, objective).Select((r, i) => (r.Candidate.Index, Rank: i + 1)).ToDictionary(p => p.Index, p => p.Rank);
        var pareto = ParetoFrontier.Of(all).Select(r => r.Candidate.Index).ToHashSet();
        var csv = new StringBuilder();
        csv.Append(string.Join(',', Columns)).Append('\n');
        foreach (var r in rows)
        {
            var c = r.Candidate;
            var cells = new List<string>
            {
                I(c.Index), c.Id, c.Hardware, I(c.Gpus), c.ModeName, c.Ratio?.ToString() ?? string.Empty,
            };
            foreach (var name in PoolNames)
            {
                var p = c.Pool(name);
                cells.AddRange(p is null
                    ? PoolColumns.Select(_ => string.Empty)
                    : [I(p.Gpus), I(p.Instances), I(p.Ep), I(p.Tp), I(p.Dp), I(p.Redundant), I(p.MicroBatches), I(p.MaxRunningRequests), p.AllToAll]);
            }

            cells.AddRange(
            [
                c.Mtp ? "on" : "off",
                r.PrunedReason is not null ? "pruned" : r.CapacityStatus == CandidateEvaluator.NotSimulated ? "not_simulated" : "simulated",
                r.PrunedReason ?? string.Empty,
                r.CapacityStatus ?? string.Empty,
                D(r.CapacityRatePerSecond, 4),
                D(r.TokensPerSecondPerGpu, 2),
                D(r.TokensPerSecondPerUser, 2),
                D(r.TtftP90Ms, 1),
                D(r.TpotP90Ms, 2),
                D(r.SloAttainment, 4),
                r.Bottleneck ?? string.Empty,
                D(r.BottleneckShare, 3),
                D(r.UsdPerMillionTokens, 4),
                D(r.JoulesPerToken, 4),
                r.PrunedReason is null && r.CapacityStatus != CandidateEvaluator.NotSimulated ? I(r.Probes) : string.Empty,
                D(PlanRanking.Score(r, objective), 4),
                rank.TryGetValue(c.Index, out var k) ? I(k) : string.Empty,
                pareto.Contains(c.Index) ? "1" : "0",
            ]);
            csv.Append(string.Join(',', cells.Select(Escape))).Append('\n');
        }

        return csv.ToString();
    }

    private static string I(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string D(double? value, int decimals) =>
        value is { } v && double.IsFinite(v) ? Math.Round(v, decimals).ToString("0.############", CultureInfo.InvariantCulture) : string.Empty;

    private static string Escape(string cell) =>
        cell.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : cell;
}
