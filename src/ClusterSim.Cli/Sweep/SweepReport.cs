using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text;
using ClusterSim.Cli.Trace;
using ClusterSim.RunFolders;
using ClusterSim.Sweeps;

namespace ClusterSim.Cli.Sweep;

/// <summary>
/// Writes report.html of a sweep folder: one self-contained page (no script, no network) with the sweep's plots
/// inlined as SVG and a table of every point's swept values and headline metrics, read from sweep.csv.
/// </summary>
public static class SweepReport
{
    /// <summary>The file name inside the sweep folder.</summary>
    public const string FileName = "report.html";

    // Plot files in the order a reader wants them: the headline curves first, then the expert figures.
    private static readonly string[] PlotOrder = ["throughput-per-gpu", "tpot-p99", "tokens-per-expert", "expert-intensity", "expert-imbalance", "bottleneck-shares"];

    private static readonly (string Column, string Header, string Format)[] Metrics =
    [
        ("throughput.output_tokens_per_s_per_gpu", "output tok/s per GPU", "0.#"),
        ("latency_ms.ttft.p50", "TTFT p50 ms", "0.#"),
        ("latency_ms.ttft.p99", "TTFT p99 ms", "0.#"),
        ("latency_ms.tpot.p50", "TPOT p50 ms", "0.##"),
        ("latency_ms.tpot.p99", "TPOT p99 ms", "0.##"),
        ("slo_attainment", "SLO attainment", "0.###"),
        ("goodput_rps", "goodput req/s", "0.##"),
        ("requests.dropped", "dropped", "0"),
    ];

    /// <summary>True when <paramref name="folder"/> holds a sweep's joined table.</summary>
    public static bool IsSweepFolder(string folder) => File.Exists(Path.Combine(folder, SweepTable.FileName));

    /// <summary>Builds and writes report.html into <paramref name="folder"/> (atomically); returns its path.</summary>
    public static string WriteFor(string folder)
    {
        var html = Build(folder);
        var path = Path.Combine(folder, FileName);
        AtomicFile.Write(path, stream => stream.Write(AtomicFile.Utf8.GetBytes(html)));
        return path;
    }

    /// <summary>The HTML text of the report for the sweep in <paramref name="folder"/>.</summary>
    public static string Build(string folder)
    {
        var csvPath = RunFolderFiles.Require(folder, SweepTable.FileName);
        var parameters = SweptKeys(folder);
        var name = ScenarioName(folder) ?? Path.GetFileName(Path.TrimEndingDirectorySeparator(folder));
        var html = new StringBuilder(256 * 1024);
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n")
            .Append("<title>ClusterSim sweep: ").Append(E(name)).Append("</title>\n<style>\n")
            .Append("body{font-family:system-ui,sans-serif;margin:2em auto;max-width:1140px;color:#222}")
            .Append("table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:.3em .6em;text-align:right}")
            .Append("td:first-child,th:first-child{text-align:left}figure{margin:1.5em 0}svg{max-width:100%;height:auto}")
            .Append(".note{color:#666;font-size:.9em}\n</style>\n</head>\n<body>\n");
        html.Append("<h1>Sweep of ").Append(E(name)).Append("</h1>\n");
        Table(html, csvPath, parameters);

        html.Append("<h2>Curves</h2>\n");
        var plots = Plots(folder);
        if (plots.Count == 0)
        {
            html.Append("<p>No plots in this sweep folder.</p>\n");
        }

        for (var i = 0; i < plots.Count; i++)
        {
            var plot = plots[i];
            html.Append("<figure>\n").Append(Report.SvgInline.Prepare(File.ReadAllText(plot), i))
                .Append("\n<figcaption class=\"note\">").Append(E(Path.GetFileName(plot))).Append(" (PNG beside it)</figcaption>\n</figure>\n");
        }

        html.Append("</body>\n</html>\n");
        return html.ToString();
    }

    private static void Table(StringBuilder html, string csvPath, IReadOnlyList<string> parameters)
    {
        using var table = CsvTable.Open(csvPath);
        var point = table.IndexOf("point");
        var keyColumns = parameters.Select(p => (Header: p, Index: table.IndexOf(p))).Where(c => c.Index >= 0).ToArray();
        var metricColumns = Metrics.Select(m => (m.Header, m.Format, Index: table.IndexOf(m.Column))).Where(c => c.Index >= 0).ToArray();
        html.Append("<p class=\"note\">One row per point; every metric of every point is in sweep.csv beside this page, each point's files in its point-* folder.</p>\n");
        html.Append("<div style=\"overflow-x:auto\"><table>\n<tr><th>point</th>");
        foreach (var (header, _) in keyColumns)
        {
            html.Append("<th>").Append(E(header)).Append("</th>");
        }

        foreach (var (header, _, _) in metricColumns)
        {
            html.Append("<th>").Append(E(header)).Append("</th>");
        }

        html.Append("</tr>\n");
        foreach (var row in table.Rows())
        {
            html.Append("<tr><td>").Append(E(point >= 0 ? row[point] : "?")).Append("</td>");
            foreach (var (_, index) in keyColumns)
            {
                html.Append("<td>").Append(E(row[index])).Append("</td>");
            }

            foreach (var (_, format, index) in metricColumns)
            {
                var value = CsvTable.Number(row[index]);
                html.Append("<td>").Append(double.IsNaN(value) ? "-" : E(value.ToString(format, CultureInfo.InvariantCulture))).Append("</td>");
            }

            html.Append("</tr>\n");
        }

        html.Append("</table></div>\n");
    }

    private static List<string> Plots(string folder) =>
        [.. Directory.GetFiles(folder, "*.svg")
            .OrderBy(path =>
            {
                var file = Path.GetFileNameWithoutExtension(path);
                var rank = Array.FindIndex(PlotOrder, p => file.StartsWith(p, StringComparison.Ordinal));
                return rank < 0 ? PlotOrder.Length : rank;
            })
            .ThenBy(path => path, StringComparer.Ordinal)];

    /// <summary>The swept keys with more than one value (from sweep.json), else every parameter.</summary>
    private static List<string> SweptKeys(string folder)
    {
        var path = Path.Combine(folder, SweepManifest.FileName);
        if (!File.Exists(path))
        {
            return [];
        }

        using var manifest = JsonDocument.Parse(File.ReadAllBytes(path));
        if (!manifest.RootElement.TryGetProperty("parameters", out var parameters))
        {
            return [];
        }

        var all = parameters.EnumerateArray().Select(p => (Key: p.GetProperty("key").GetString()!, Values: p.GetProperty("values").GetArrayLength())).ToList();
        var varying = all.Where(p => p.Values > 1).Select(p => p.Key).ToList();
        return varying.Count > 0 ? varying : [.. all.Select(p => p.Key)];
    }

    private static string? ScenarioName(string folder)
    {
        var path = Path.Combine(folder, SweepManifest.FileName);
        if (!File.Exists(path))
        {
            return null;
        }

        using var manifest = JsonDocument.Parse(File.ReadAllBytes(path));
        return manifest.RootElement.TryGetProperty("scenario", out var s) ? s.GetString() : null;
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
