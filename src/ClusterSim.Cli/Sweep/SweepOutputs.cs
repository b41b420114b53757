using ClusterSim.Cli.Rendering;
using ClusterSim.RunFolders;
using ClusterSim.Sweeps;
using Spectre.Console;

namespace ClusterSim.Cli.Sweep;

/// <summary>Writes a sweep folder's joined outputs (sweep.csv and plots) and its console table; shared by sweep and merge.</summary>
public static class SweepOutputs
{
    private static readonly (string Column, string Header)[] TableColumns =
    [
        ("throughput.output_tokens_per_s_per_gpu", "tok/s/GPU"),
        ("latency_ms.ttft.p99", "TTFT p99 ms"),
        ("latency_ms.tpot.p99", "TPOT p99 ms"),
        ("slo_attainment", "SLO attain."),
    ];

    /// <summary>Writes sweep.csv (atomically), the plots and report.html into <paramref name="folder"/>.</summary>
    public static void Write(string folder, IReadOnlyList<SweepParameter> parameters, IReadOnlyList<SweepRow> rows)
    {
        var csv = SweepTable.ToCsv(parameters, rows);
        AtomicFile.Write(Path.Combine(folder, SweepTable.FileName), stream => stream.Write(AtomicFile.Utf8.GetBytes(csv)));
        SweepPlots.Write(folder, parameters, rows);
        SweepReport.WriteFor(folder);
    }

    /// <summary>
    /// Renders one line per point: the swept values and the headline metrics. A setting with one value across the
    /// points goes into the title instead of a column, and each column is headed by the shortest tail of its key path
    /// that still tells the columns apart ("experts.ep", not "deployment.serving.experts.ep" cut to "deployment.…").
    /// </summary>
    public static void Render(IAnsiConsole console, string title, IReadOnlyList<SweepParameter> parameters, IReadOnlyList<SweepRow> rows)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(rows);
        var ordered = rows.OrderBy(r => r.Manifest.Point.Index).ToArray();
        var varying = parameters.Where(p => ordered.Select(r => r.Manifest.Point.ValueOf(p.KeyPath)).Distinct(StringComparer.Ordinal).Count() > 1).ToArray();
        var fixedSettings = parameters.Except(varying).Select(p => $"{p.KeyPath}={(ordered.Length > 0 ? ordered[0].Manifest.Point.ValueOf(p.KeyPath) : string.Empty)}").ToArray();
        var headers = new List<string> { "point" };
        headers.AddRange(ShortHeaders(varying.Select(p => p.KeyPath).ToArray()));
        headers.AddRange(TableColumns.Select(c => c.Header));
        var cells = ordered.Select(r =>
        {
            var line = new List<string> { r.Manifest.Point.Index.ToString(System.Globalization.CultureInfo.InvariantCulture) };
            line.AddRange(varying.Select(p => r.Manifest.Point.ValueOf(p.KeyPath)));
            line.AddRange(TableColumns.Select(c => r.Number(c.Column) is { } v ? v.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture) : "-"));
            return (IReadOnlyList<string>)line;
        });
        var fullTitle = fixedSettings.Length == 0 ? title : $"{title} ({string.Join(", ", fixedSettings)})";
        console.Write(SummaryTable.Columns(fullTitle, headers, cells, TableColumns.Select(c => c.Header).ToHashSet()));
    }

    /// <summary>For each key path, the shortest tail of its dotted segments (at least two) that no other path shares.</summary>
    public static IReadOnlyList<string> ShortHeaders(IReadOnlyList<string> keyPaths)
    {
        ArgumentNullException.ThrowIfNull(keyPaths);
        return keyPaths.Select(path =>
        {
            var segments = path.Split('.');
            for (var take = Math.Min(2, segments.Length); take < segments.Length; take++)
            {
                var tail = string.Join('.', segments[^take..]);
                if (keyPaths.Count(other => other == tail || other.EndsWith("." + tail, StringComparison.Ordinal)) == 1)
                {
                    return tail;
                }
            }

            return path;
        }).ToArray();
    }
}
