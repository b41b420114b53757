using System.Globalization;
using ClusterSim.Cli.Commands;
using ClusterSim.Cli.Rendering;
using Spectre.Console;

namespace ClusterSim.Cli.Trace;

/// <summary>
/// <c>clustersim trace summarize RUN_DIR</c>: the headline numbers, the dominant bottleneck of each pool, the busiest
/// links, the worst requests by TTFT and end-to-end latency, SLO misses and drops by reason.
/// </summary>
public sealed class TraceSummarizeHandler(CliConsole console) : IVerbHandler<TraceSummarizeArguments>
{
    private const int Worst = 5;

    /// <inheritdoc />
    public Task<int> HandleAsync(TraceSummarizeArguments arguments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var dir = arguments.RunDirectory;
        using var summary = RunSummaryFile.Read(dir);
        var output = console.Out;
        output.Write(SummaryTable.KeyValue(summary.Text("scenario_name") ?? Path.GetFileName(dir), Headline(summary)));
        output.Write(BottleneckTable(summary));
        if (RunFolderFiles.Optional(dir, "timeseries.csv") is { } timeseries)
        {
            output.Write(LinkTable(timeseries));
        }

        var ttftSlo = summary.Number("slo", "ttft_ms");
        var tpotSlo = summary.Number("slo", "tpot_ms");
        // One denominator everywhere: requests arriving in the measurement window, the set summary.json's latency
        // figures describe (its request counts cover the whole run and say so).
        var (start, end) = (Seconds(summary, "warmup", 0), Seconds(summary, "duration", double.PositiveInfinity));
        var requests = RequestsDigest.Read(RunFolderFiles.Require(dir, "requests.csv"), ttftSlo, tpotSlo, Worst, start, end, cancellationToken);
        var window = $"arrivals from {F(start, "0.###")} s to {F(end, "0.###")} s";
        output.Write(WorstTable($"Worst {Worst} requests by TTFT ({window})", requests.WorstTtft));
        output.Write(WorstTable($"Worst {Worst} requests by end-to-end latency ({window})", requests.WorstE2e));
        output.Write(SummaryTable.KeyValue($"SLO misses (completed requests, {window})", new KeyValuePair<string, string>[]
        {
            new("TTFT over " + Slo(ttftSlo), Count(requests.TtftMisses, requests.Completed)),
            new("TPOT over " + Slo(tpotSlo), Count(requests.TpotMisses, requests.Completed)),
            new("either", Count(requests.AnyMisses, requests.Completed)),
        }));
        var drops = summary.DropsByReason();
        output.Write(SummaryTable.Columns(
            "Dropped requests by reason",
            ["reason", "requests"],
            drops.Count == 0 ? [["none", "0"]] : drops.Select(d => (IReadOnlyList<string>)[d.Reason, d.Count.ToString(CultureInfo.InvariantCulture)]),
            new HashSet<string>(["requests"], StringComparer.Ordinal)));
        return Task.FromResult(ExitCodes.Success);
    }

    // A simulation duration as summary.json's resolved scenario writes it ("30 s"), or the fallback when absent.
    private static double Seconds(RunSummaryFile summary, string key, double fallback) =>
        summary.Text("resolved_scenario", "simulation", key) is { } text && Engine.SimDuration.TryParse(text, out var value, out _)
            ? value.TotalSeconds
            : fallback;

    private static string F(double value, string format = "0.##") =>
        double.IsNaN(value) ? "-" : value.ToString(format, CultureInfo.InvariantCulture);

    private static string Slo(double ms) => double.IsNaN(ms) ? "(no SLO)" : F(ms, "0.#") + " ms";

    private static string Count(long n, long of) =>
        string.Create(CultureInfo.InvariantCulture, $"{n} of {of} ({(of > 0 ? 100.0 * n / of : 0):0.#}%)");

    private static List<KeyValuePair<string, string>> Headline(RunSummaryFile s)
    {
        string Latency(string name) =>
            $"p50 {F(s.Number("latency_ms", name, "p50"), "0.#")}  p90 {F(s.Number("latency_ms", name, "p90"), "0.#")}  p99 {F(s.Number("latency_ms", name, "p99"), "0.#")}  max {F(s.Number("latency_ms", name, "max"), "0.#")}";
        return
        [
            new("requests", $"{F(s.Number("requests", "arrived"), "0")} arrived, {F(s.Number("requests", "completed"), "0")} completed, {F(s.Number("requests", "dropped"), "0")} dropped, {F(s.Number("requests", "preempted"), "0")} preemptions"),
            new("output tokens/s", $"{F(s.Number("throughput", "output_tokens_per_s"), "0")} total, {F(s.Number("throughput", "output_tokens_per_s_per_gpu"), "0.#")} per GPU"),
            new("goodput", $"{F(s.Number("goodput_rps"))} req/s; SLO attainment {F(s.Number("slo_attainment") * 100, "0.#")}%"),
            new("TTFT ms", Latency("ttft")),
            new("TPOT ms", Latency("tpot")),
            new("E2E ms", Latency("e2e")),
            new("KV cache peak", F(s.Number("kv_cache", "peak_utilization") * 100, "0.#") + " %"),
            new("partial run", s.Root.TryGetProperty("partial", out var p) && p.ValueKind == System.Text.Json.JsonValueKind.True ? "yes (cancelled)" : "no"),
        ];
    }

    private static Table BottleneckTable(RunSummaryFile s)
    {
        string[] resources = ["compute", "memory", "communication", "imbalance", "idle"];
        var rows = new List<IReadOnlyList<string>>();
        foreach (var (pool, shares) in s.Bottlenecks())
        {
            var dominant = shares.Count == 0 ? default : shares.MaxBy(x => x.Share);
            var row = new List<string> { pool, dominant.Resource is null ? "-" : $"{dominant.Resource} ({F(dominant.Share * 100, "0")}%)" };
            row.AddRange(resources.Select(r => F(shares.FirstOrDefault(x => x.Resource == r).Share * 100, "0.#") + "%"));
            rows.Add(row);
        }

        return SummaryTable.Columns(
            "Where the time went (share of each pool's instance-time)",
            ["pool", "dominant", .. resources],
            rows,
            resources.ToHashSet(StringComparer.Ordinal));
    }

    private static Table LinkTable(string timeseriesPath)
    {
        var links = LinkDigest.Read(timeseriesPath);
        var rows = links.Select(l => (IReadOnlyList<string>)
        [
            l.Pool,
            F(l.ScaleUpBytes / 1e9, "0.#"), F(l.ScaleUpMeanBusy * 100, "0.#") + "%", F(l.ScaleUpPeakBusy * 100, "0.#") + "%",
            F(l.ScaleOutBytes / 1e9, "0.#"), F(l.ScaleOutMeanBusy * 100, "0.#") + "%", F(l.ScaleOutPeakBusy * 100, "0.#") + "%",
        ]).ToList();
        string[] headers = ["pool", "scale-up GB", "scale-up mean busy", "scale-up peak", "scale-out GB", "scale-out mean busy", "scale-out peak"];
        return SummaryTable.Columns("Busiest links (estimated from each step's all-to-all bytes)", headers, rows, headers.Skip(1).ToHashSet(StringComparer.Ordinal));
    }

    private static Table WorstTable(string title, IReadOnlyList<RequestsDigest.Row> rows)
    {
        string[] headers = ["id", "status", "arrival_s", "input_tokens", "output_tokens", "instance", "preemptions", "queue_ms", "ttft_ms", "e2e_ms"];
        return SummaryTable.Columns(
            title,
            headers,
            rows.Select(r => (IReadOnlyList<string>)headers.Select(h => h == "arrival_s" ? TraceRequestsHandler.Milliseconds(r.Cells.GetValueOrDefault(h, string.Empty)) : r.Cells.GetValueOrDefault(h, string.Empty)).ToArray()),
            headers.Where(h => h != "status").ToHashSet(StringComparer.Ordinal));
    }
}
