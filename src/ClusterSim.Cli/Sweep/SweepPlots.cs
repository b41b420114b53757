using System.Globalization;
using ClusterSim.Cli.Report;
using ClusterSim.RunFolders;
using ClusterSim.Sweeps;
using ScottPlot;

namespace ClusterSim.Cli.Sweep;

/// <summary>
/// The plots of a sweep, each as SVG and PNG: a metric against the first swept key, one line per combination of the
/// other keys. Expert figures are those of the MoE pool that runs decode (the last pool with experts).
/// </summary>
public static class SweepPlots
{
    private const int Width = 1100;
    private const int Height = 540;

    /// <summary>Writes every plot into <paramref name="folder"/>; returns the file names written (without folder).</summary>
    public static IReadOnlyList<string> Write(string folder, IReadOnlyList<SweepParameter> parameters, IReadOnlyList<SweepRow> rows)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(rows);
        var written = new List<string>();
        if (rows.Count == 0)
        {
            return written;
        }

        var axis = new XAxis(parameters[0]);
        var pool = ExpertPool(rows);
        Chart(folder, written, "throughput-per-gpu", "Output throughput per GPU", "output tokens/s per GPU", axis, parameters, rows, "throughput.output_tokens_per_s_per_gpu");
        Chart(folder, written, "tpot-p99", "TPOT p99", "TPOT p99 (ms)", axis, parameters, rows, "latency_ms.tpot.p99");
        if (pool is not null)
        {
            Chart(folder, written, "tokens-per-expert", $"Tokens per expert R per MoE layer ({pool} pool)", "tokens per expert R", axis, parameters, rows, $"pools.{pool}.tokens_per_expert");
            Chart(folder, written, "expert-intensity", $"Expert arithmetic intensity 2R/b ({pool} pool)", "FLOP per weight byte", axis, parameters, rows, $"pools.{pool}.expert_intensity", ridge: rows[0].Number("ridge_point"));
            Chart(folder, written, "expert-imbalance", $"Expert load imbalance Γ = max/mean ({pool} pool)", "Γ", axis, parameters, rows, $"pools.{pool}.expert_imbalance");
        }

        var sharesPool = pool ?? "overall";
        foreach (var group in Groups(parameters, rows))
        {
            var plot = NewPlot($"Share of time by bounding resource ({sharesPool}){(group.Key.Length > 0 ? ", " + group.Key : string.Empty)}", axis, "share of pool time");
            // Resources keep the colours they have in report.html; the style stays solid because there are only five.
            foreach (var resource in ResourcePalette.All)
            {
                var style = SeriesPalette.Of(0) with { Hex = resource.Hex };
                AddLine(plot, axis, group.Rows, $"bottleneck.{sharesPool}.{resource.Key}", resource.Label, style);
            }

            var name = group.Key.Length == 0 ? "bottleneck-shares" : "bottleneck-shares-" + Slug(group.Key);
            Save(folder, written, name, plot);
        }

        return written;
    }

    private static void Chart(
        string folder, List<string> written, string name, string title, string yLabel, XAxis axis,
        IReadOnlyList<SweepParameter> parameters, IReadOnlyList<SweepRow> rows, string column, double? ridge = null)
    {
        if (rows.All(r => r.Number(column) is null))
        {
            return;
        }

        var plot = NewPlot(title, axis, yLabel);
        var series = 0;
        foreach (var group in Groups(parameters, rows))
        {
            AddLine(plot, axis, group.Rows, column, group.Key.Length == 0 ? null : group.Key, SeriesPalette.Of(series++));
        }

        if (ridge is { } rp)
        {
            var line = plot.Add.HorizontalLine(rp);
            line.LinePattern = LinePattern.Dashed;
            line.LegendText = string.Create(CultureInfo.InvariantCulture, $"ridge point {rp:0}");
        }

        Save(folder, written, name, plot);
    }

    private static Plot NewPlot(string title, XAxis axis, string yLabel)
    {
        var plot = new Plot();
        plot.Title(title);
        plot.XLabel(axis.Label);
        plot.YLabel(yLabel);
        if (axis.Categorical || axis.Positions.Length <= 16)
        {
            plot.Axes.Bottom.SetTicks(axis.Positions, axis.Labels);
        }

        return plot;
    }

    private static void AddLine(Plot plot, XAxis axis, IReadOnlyList<SweepRow> rows, string column, string? legend, SeriesStyle style)
    {
        var points = rows
            .Select(r => (X: axis.PositionOf(r), Y: r.Number(column)))
            .Where(p => p.Y is not null)
            .OrderBy(p => p.X)
            .ToArray();
        if (points.Length == 0)
        {
            return;
        }

        var scatter = plot.Add.Scatter(points.Select(p => p.X).ToArray(), points.Select(p => p.Y!.Value).ToArray());
        scatter.MarkerSize = 7;
        scatter.LineWidth = 2;
        scatter.Color = style.Color;
        scatter.LinePattern = style.Pattern;
        scatter.MarkerShape = style.Marker;
        if (legend is not null)
        {
            scatter.LegendText = legend;
        }
    }

    private static void Save(string folder, List<string> written, string name, Plot plot)
    {
        if (plot.GetPlottables().Any(p => p is ScottPlot.Plottables.Scatter s && !string.IsNullOrEmpty(s.LegendText)))
        {
            plot.ShowLegend(Edge.Right);
        }

        var png = plot.GetImageBytes(Width, Height, ImageFormat.Png);
        var svg = plot.GetSvgXml(Width, Height);
        AtomicFile.Write(Path.Combine(folder, name + ".png"), stream => stream.Write(png));
        AtomicFile.Write(Path.Combine(folder, name + ".svg"), stream => stream.Write(AtomicFile.Utf8.GetBytes(svg)));
        written.Add(name + ".png");
        written.Add(name + ".svg");
    }

    /// <summary>The rows grouped by the values of every varying parameter after the first; key "" when there is none.</summary>
    private static IEnumerable<(string Key, IReadOnlyList<SweepRow> Rows)> Groups(IReadOnlyList<SweepParameter> parameters, IReadOnlyList<SweepRow> rows) =>
        rows.GroupBy(r => string.Join(", ", parameters.Skip(1).Where(p => p.Values.Count > 1).Select(p => ShortKey(p.KeyPath) + "=" + r.Manifest.Point.ValueOf(p.KeyPath))))
            .OrderBy(g => g.Min(r => r.Manifest.Point.Index))
            .Select(g => (g.Key, (IReadOnlyList<SweepRow>)g.ToArray()));

    /// <summary>The pool whose expert figures the plots show: the last with a non-zero tokens per expert.</summary>
    private static string? ExpertPool(IReadOnlyList<SweepRow> rows)
    {
        const string Suffix = ".tokens_per_expert";
        return rows[0].Metrics
            .Where(m => m.Key.StartsWith("pools.", StringComparison.Ordinal) && m.Key.EndsWith(Suffix, StringComparison.Ordinal))
            .Where(m => rows.Any(r => r.Number(m.Key) is > 0))
            .Select(m => m.Key["pools.".Length..^Suffix.Length])
            .LastOrDefault();
    }

    private static string ShortKey(string keyPath) => keyPath.Split('+')[0].Split('.')[^1];

    private static string Slug(string text) =>
        new(text.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' ? c : '_').ToArray());

    /// <summary>The x axis: the first parameter's values, numeric when they all parse, else evenly spaced labels.</summary>
    private sealed class XAxis
    {
        private readonly Dictionary<string, double> positions = new(StringComparer.Ordinal);

        public XAxis(SweepParameter parameter)
        {
            KeyPath = parameter.KeyPath;
            var values = parameter.Values;
            // A linked axis ("16+16+120") is placed by its first key's value.
            var leading = values.Select(v => v.Split('+')[0].Trim()).ToArray();
            Categorical = !leading.All(v => double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
                || leading.Distinct(StringComparer.Ordinal).Count() != leading.Length;
            for (var i = 0; i < values.Count; i++)
            {
                positions[values[i]] = Categorical ? i : double.Parse(leading[i], NumberStyles.Float, CultureInfo.InvariantCulture);
            }

            Positions = values.Select(v => positions[v]).ToArray();
            Labels = Categorical ? values.ToArray() : leading;
            Label = parameter.KeyPaths[0];
        }

        public string KeyPath { get; }

        public string Label { get; }

        public bool Categorical { get; }

        public double[] Positions { get; }

        public string[] Labels { get; }

        public double PositionOf(SweepRow row) => positions[row.Manifest.Point.ValueOf(KeyPath)];
    }
}
