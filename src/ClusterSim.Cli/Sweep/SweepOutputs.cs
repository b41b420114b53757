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

    /// <summary>Renders one line per point: the swept values and the headline metrics.</summary>
    public static void Render(IAnsiConsole console, string title, IReadOnlyList<SweepParameter> parameters, IReadOnlyList<SweepRow> rows)
    {
        var headers = new List<string> { "point" };
        headers.AddRange(parameters.Select(p => p.KeyPath));
        headers.AddRange(TableColumns.Select(c => c.Header));
        var cells = rows.OrderBy(r => r.Manifest.Point.Index).Select(r =>
        {
            var line = new List<string> { r.Manifest.Point.Index.ToString(System.Globalization.CultureInfo.InvariantCulture) };
            line.AddRange(parameters.Select(p => r.Manifest.Point.ValueOf(p.KeyPath)));
            line.AddRange(TableColumns.Select(c => r.Number(c.Column) is { } v ? v.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture) : "-"));
            return (IReadOnlyList<string>)line;
        });
        console.Write(SummaryTable.Columns(title, headers, cells, TableColumns.Select(c => c.Header).ToHashSet()));
    }
}
