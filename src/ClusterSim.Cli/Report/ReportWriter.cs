using System.Globalization;
using System.Net;
using System.Text;
using ClusterSim.Cli.Trace;
using ClusterSim.RunFolders;
using ClusterSim.Telemetry;
using Microsoft.Extensions.Logging;

namespace ClusterSim.Cli.Report;

/// <summary>
/// Writes report.html of a run folder: one self-contained page (inline SVG charts, inline CSS, no script, no network)
/// with the headline numbers, bottleneck shares, utilisation, KV occupancy, throughput and latency distributions.
/// </summary>
public static class ReportWriter
{
    /// <summary>The file name inside the run folder.</summary>
    public const string FileName = "report.html";

    /// <summary>Builds and writes report.html into <paramref name="runDirectory"/> (atomically); returns its path.</summary>
    /// <param name="runDirectory">The run folder.</param>
    /// <param name="logger">Where to log the file written.</param>
    /// <param name="kept">What the run kept in memory while writing the folder, or null to read timeseries.csv and requests.csv.</param>
    public static string WriteFor(string runDirectory, ILogger logger, ReportSeries? kept = null)
    {
        ArgumentNullException.ThrowIfNull(logger);
        var html = Build(runDirectory, kept is null ? null : ReportData.From(kept));
        var path = Path.Combine(runDirectory, FileName);
        AtomicFile.Write(path, stream =>
        {
            var bytes = AtomicFile.Utf8.GetBytes(html);
            stream.Write(bytes);
        });
        logger.LogInformation("Wrote {Report} ({Bytes} bytes)", path, html.Length);
        return path;
    }

    /// <summary>The HTML text of the report for <paramref name="runDirectory"/>.</summary>
    /// <param name="runDirectory">The run folder (summary.json and log.clef are read from it).</param>
    /// <param name="data">The timelines and latencies, or null to read them from the folder's files.</param>
    public static string Build(string runDirectory, ReportData? data = null)
    {
        using var summary = RunSummaryFile.Read(runDirectory);
        data ??= ReportData.Read(runDirectory);
        var markers = TimelineMarkers.Read(runDirectory);
        var name = summary.Text("scenario_name") ?? Path.GetFileName(runDirectory);
        var html = new StringBuilder(256 * 1024);
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n")
            .Append("<title>ClusterSim report: ").Append(E(name)).Append("</title>\n<style>\n")
            .Append("body{font-family:system-ui,sans-serif;margin:2em auto;max-width:960px;color:#222}")
            .Append("table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:.3em .6em;text-align:right}")
            .Append("td:first-child,th:first-child{text-align:left}figure{margin:1.5em 0}svg{max-width:100%;height:auto}")
            .Append(".note{color:#666;font-size:.9em}\n</style>\n</head>\n<body>\n");
        html.Append("<h1>").Append(E(name)).Append("</h1>\n");
        html.Append("<p class=\"note\">seed ").Append(E(N(summary.Number("seed"), "0"))).Append(", ")
            .Append(E(N(summary.Number("simulation", "simulated_seconds"), "0.#"))).Append(" s simulated")
            .Append(summary.Root.TryGetProperty("partial", out var partial) && partial.ValueKind == System.Text.Json.JsonValueKind.True ? " (partial: the run was cancelled)" : string.Empty)
            .Append(". Every chart is drawn from the files beside this page: summary.json, timeseries.csv, requests.csv.</p>\n");
        Headline(html, summary);

        // The page is assembled in order from text and figures; the figures' SVG is drawn afterwards, all at once.
        var page = new PageParts(html);
        page.Text("<h2>Bottlenecks</h2>\n");
        var bottlenecks = summary.Bottlenecks();
        page.Figure(() => ReportCharts.Bottlenecks(bottlenecks), "Share of each pool's instance-time by the resource that bounded it; idle is time without a step.");

        page.Text("<h2>Utilisation over time</h2>\n");
        if (data.Pools.Count == 0)
        {
            page.Text("<p>No timeseries.csv in this run folder (outputs.timeseries was off).</p>\n");
        }

        foreach (var pool in data.Pools)
        {
            page.Figure(() => ReportCharts.Utilisation(pool, markers), $"{pool.Pool} pool: share of each time span its instances spent in steps, split by bounding resource (mean over instances).");
        }

        if (data.Pools.Count > 0)
        {
            page.Figure(() => ReportCharts.KvOccupancy(data.Pools, markers), "KV-cache blocks in use, as a share of capacity: the fullest rank and the mean over ranks.");
            page.Figure(() => ReportCharts.Throughput(data.Pools, markers), "Output tokens produced per second of simulated time.");
            page.Figure(() => ReportCharts.Requests(data.Pools, markers), "Requests running in a batch and waiting for admission, sampled when steps start.");
        }

        var events = new StringBuilder();
        Events(events, markers);
        page.Text(events.ToString());

        page.Text("<h2>Latency distributions</h2>\n");
        var ttftSlo = summary.Number("slo", "ttft_ms");
        var tpotSlo = summary.Number("slo", "tpot_ms");
        page.Figure(() => ReportCharts.Cdf("Time to first token (CDF)", data.TtftMs, ttftSlo), "All completed requests of the run, warm-up included.");
        page.Figure(() => ReportCharts.Cdf("Time per output token (CDF)", data.TpotMs, tpotSlo), "Completed requests with more than one output token.");
        page.Draw();
        html.Append("</body>\n</html>\n");
        return html.ToString();
    }

    private static void Headline(StringBuilder html, RunSummaryFile s)
    {
        var rows = new (string, string)[]
        {
            ("requests", $"{N(s.Number("requests", "arrived"), "0")} arrived, {N(s.Number("requests", "completed"), "0")} completed, {N(s.Number("requests", "dropped"), "0")} dropped, {N(s.Number("requests", "preempted"), "0")} preemptions"),
            ("output tokens/s", $"{N(s.Number("throughput", "output_tokens_per_s"), "0")} total, {N(s.Number("throughput", "output_tokens_per_s_per_gpu"), "0.#")} per GPU"),
            ("goodput", $"{N(s.Number("goodput_rps"), "0.##")} req/s, SLO attainment {N(s.Number("slo_attainment") * 100, "0.#")}%"),
            ("TTFT p50 / p90 / p99 ms", $"{N(s.Number("latency_ms", "ttft", "p50"), "0.#")} / {N(s.Number("latency_ms", "ttft", "p90"), "0.#")} / {N(s.Number("latency_ms", "ttft", "p99"), "0.#")}"),
            ("TPOT p50 / p90 / p99 ms", $"{N(s.Number("latency_ms", "tpot", "p50"), "0.#")} / {N(s.Number("latency_ms", "tpot", "p90"), "0.#")} / {N(s.Number("latency_ms", "tpot", "p99"), "0.#")}"),
            ("KV cache peak", N(s.Number("kv_cache", "peak_utilization") * 100, "0.#") + "%"),
        };
        html.Append("<table>\n<tr><th>metric</th><th>value</th></tr>\n");
        foreach (var (key, value) in rows)
        {
            html.Append("<tr><td>").Append(E(key)).Append("</td><td>").Append(E(value)).Append("</td></tr>\n");
        }

        html.Append("</table>\n");
    }

    private static void Events(StringBuilder html, IReadOnlyList<TimelineMarker> markers)
    {
        if (markers.Count == 0)
        {
            return;
        }

        html.Append("<h2>Faults and expert rebalances</h2>\n<p class=\"note\">Shaded on the timelines above: fault windows; dotted lines: expert re-placements.</p>\n");
        html.Append("<table>\n<tr><th>event</th><th>from (s)</th><th>to (s)</th></tr>\n");
        foreach (var m in markers)
        {
            html.Append("<tr><td>").Append(E(m.Label)).Append("</td><td>").Append(E(N(m.StartS, "0.###"))).Append("</td><td>")
                .Append(m.EndS is { } end ? E(N(end, "0.###")) : "-").Append("</td></tr>\n");
        }

        html.Append("</table>\n");
    }

    private static string N(double value, string format) => double.IsNaN(value) ? "-" : value.ToString(format, CultureInfo.InvariantCulture);

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
