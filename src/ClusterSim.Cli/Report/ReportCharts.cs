using ClusterSim.Cli.Trace;
using ScottPlot;

namespace ClusterSim.Cli.Report;

/// <summary>The charts of report.html as SVG text, drawn with ScottPlot.</summary>
public static class ReportCharts
{
    private const int Width = 900;
    private const int Height = 340;
    private const int MaxRebalanceLines = 100;

    /// <summary>The timeseries.csv column of each busy part, bottom of the stack first, with its resource key.</summary>
    private static readonly (string Series, string Resource)[] UtilisationSeries =
        [("compute_busy", "compute"), ("hbm_busy", "memory"), ("communication", "communication"), ("imbalance", "imbalance")];

    /// <summary>
    /// Busy share by bounding resource over time for one pool, as stacked areas: compute, HBM, communication and
    /// imbalance add up to the busy share (timeseries.csv guarantees it), idle fills the rest up to 1.
    /// </summary>
    public static string Utilisation(PoolTimeline pool, IReadOnlyList<TimelineMarker>? markers = null)
    {
        ArgumentNullException.ThrowIfNull(pool);
        var plot = NewPlot($"{pool.Pool} pool: busy share by bounding resource", "simulated time (s)", "share of time");
        if (pool.TimeS.Length > 0)
        {
            // Stacked, not overlaid: four lines crossing each other hid which resource dominated when.
            var lower = new double[pool.TimeS.Length];
            foreach (var (series, resource) in UtilisationSeries)
            {
                var upper = lower.Zip(pool.Values[series], (l, v) => l + v).ToArray();
                Area(plot, pool.TimeS, lower, upper, ResourcePalette.Of(resource));
                lower = upper;
            }

            Area(plot, pool.TimeS, lower, lower.Select(l => Math.Max(l, 1)).ToArray(), ResourcePalette.Of("idle"));
        }

        plot.Axes.SetLimitsY(0, 1.05);
        Mark(plot, markers);
        return Svg(plot);
    }

    /// <summary>KV-cache occupancy (max and mean over ranks) of every pool over time.</summary>
    public static string KvOccupancy(IReadOnlyList<PoolTimeline> pools, IReadOnlyList<TimelineMarker>? markers = null)
    {
        ArgumentNullException.ThrowIfNull(pools);
        var plot = NewPlot("KV-cache occupancy", "simulated time (s)", "share of KV blocks used");
        foreach (var pool in pools)
        {
            Line(plot, pool.TimeS, pool.Values["kv_max"], $"{pool.Pool}: max over ranks");
            Line(plot, pool.TimeS, pool.Values["kv_mean"], $"{pool.Pool}: mean over ranks");
        }

        plot.Axes.SetLimitsY(0, 1.05);
        Mark(plot, markers);
        return Svg(plot);
    }

    /// <summary>Output tokens per second of every pool over time.</summary>
    public static string Throughput(IReadOnlyList<PoolTimeline> pools, IReadOnlyList<TimelineMarker>? markers = null)
    {
        ArgumentNullException.ThrowIfNull(pools);
        var plot = NewPlot("Output throughput", "simulated time (s)", "output tokens / s");
        foreach (var pool in pools)
        {
            Line(plot, pool.TimeS, pool.Values["output_tokens_per_s"], pool.Pool);
        }

        Mark(plot, markers);
        return Svg(plot);
    }

    /// <summary>Running and queued requests of every pool over time.</summary>
    public static string Requests(IReadOnlyList<PoolTimeline> pools, IReadOnlyList<TimelineMarker>? markers = null)
    {
        ArgumentNullException.ThrowIfNull(pools);
        var plot = NewPlot("Requests in the pools", "simulated time (s)", "requests");
        foreach (var pool in pools)
        {
            Line(plot, pool.TimeS, pool.Values["running"], $"{pool.Pool}: running");
            Line(plot, pool.TimeS, pool.Values["queued"], $"{pool.Pool}: queued");
        }

        Mark(plot, markers);
        return Svg(plot);
    }

    /// <summary>Bottleneck shares per pool as grouped bars.</summary>
    public static string Bottlenecks(IReadOnlyList<(string Pool, IReadOnlyList<(string Resource, double Share)> Shares)> pools)
    {
        ArgumentNullException.ThrowIfNull(pools);
        var resources = ResourcePalette.All;
        var plot = NewPlot("Where the time went (share of instance-time)", string.Empty, "share");
        var groupWidth = resources.Count + 1;
        for (var r = 0; r < resources.Count; r++)
        {
            var positions = Enumerable.Range(0, pools.Count).Select(p => (double)((p * groupWidth) + r)).ToArray();
            var values = pools.Select(p => p.Shares.FirstOrDefault(s => s.Resource == resources[r].Key).Share).ToArray();
            var bars = plot.Add.Bars(positions, values);
            bars.LegendText = resources[r].Label;
            bars.Color = resources[r].Color;
        }

        var ticks = pools.Select((p, i) => new Tick((i * groupWidth) + ((resources.Count - 1) / 2.0), p.Pool)).ToArray();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks);
        plot.Axes.SetLimitsY(0, 1.05);
        return Svg(plot);
    }

    /// <summary>Cumulative distribution of a latency, with the SLO as a vertical line when set.</summary>
    public static string Cdf(string title, double[] sortedMs, double sloMs)
    {
        ArgumentNullException.ThrowIfNull(sortedMs);
        var plot = NewPlot(title, "ms", "share of requests at or below");
        if (sortedMs.Length > 0)
        {
            var points = Math.Min(sortedMs.Length, ReportData.MaxPoints);
            var xs = new double[points];
            var ys = new double[points];
            for (var i = 0; i < points; i++)
            {
                var index = (int)((long)(i + 1) * sortedMs.Length / points) - 1;
                xs[i] = sortedMs[index];
                ys[i] = (index + 1.0) / sortedMs.Length;
            }

            Line(plot, xs, ys, $"{sortedMs.Length} requests");
        }

        if (double.IsFinite(sloMs))
        {
            var slo = plot.Add.VerticalLine(sloMs);
            slo.LegendText = "SLO";
            slo.LinePattern = LinePattern.Dashed;
        }

        plot.Axes.SetLimitsY(0, 1.05);
        return Svg(plot);
    }

    /// <summary>
    /// Draws a throw-away chart so that ScottPlot's one-time costs (loading the native Skia library, finding the
    /// typeface, the first layout) are paid now; a run calls it on another core while it loads and simulates, so the
    /// report at the end starts warm. Never fails: the report itself will meet and report any problem.
    /// </summary>
    public static void WarmUp()
    {
        try
        {
            var plot = NewPlot("warm-up", "x", "y");
            Line(plot, [0, 1], [0, 1], "line");
            _ = Svg(plot);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Deliberately ignored: drawing the real report repeats the same calls and reports what goes wrong.
        }
    }

    /// <summary>Fault windows as shaded spans (an instance loss as a solid line), rebalances as dashed lines.</summary>
    private static void Mark(Plot plot, IReadOnlyList<TimelineMarker>? markers)
    {
        if (markers is null)
        {
            return;
        }

        bool faultLabelled = false, lossLabelled = false, rebalanceLabelled = false;
        var faultColor = Colors.Red.WithAlpha(0.15);
        foreach (var marker in markers.Where(m => m.IsFault))
        {
            if (marker.EndS is { } end)
            {
                var span = plot.Add.HorizontalSpan(marker.StartS, end, faultColor);
                span.LineWidth = 0;
                span.LegendText = faultLabelled ? string.Empty : "fault window";
                faultLabelled = true;
            }
            else
            {
                var line = plot.Add.VerticalLine(marker.StartS, 1.5f, Colors.Red);
                line.LegendText = lossLabelled ? string.Empty : "instance lost";
                lossLabelled = true;
            }
        }

        // Periodic re-placement on many instances could mean hundreds of lines: the first ones show the rhythm.
        foreach (var marker in markers.Where(m => !m.IsFault).Take(MaxRebalanceLines))
        {
            var line = plot.Add.VerticalLine(marker.StartS, 1, Colors.Gray);
            line.LinePattern = LinePattern.Dotted;
            line.LegendText = rebalanceLabelled ? string.Empty : "expert rebalance";
            rebalanceLabelled = true;
        }
    }

    private static Plot NewPlot(string title, string x, string y)
    {
        var plot = new Plot();
        plot.Title(title);
        plot.XLabel(x);
        plot.YLabel(y);
        return plot;
    }

    private static void Line(Plot plot, double[] xs, double[] ys, string label)
    {
        if (xs.Length == 0)
        {
            return;
        }

        var line = plot.Add.ScatterLine(xs, ys);
        line.LegendText = label;
        line.LineWidth = 1.5f;
    }

    private static void Area(Plot plot, double[] xs, double[] lower, double[] upper, ResourceStyle resource)
    {
        var fill = plot.Add.FillY(xs, upper, lower);
        fill.FillColor = resource.Color;
        fill.LineWidth = 0;
        fill.LegendText = resource.Label;
    }

    private static string Svg(Plot plot)
    {
        // Outside the data area: timelines fill the whole width, so a legend inside would hide data.
        plot.ShowLegend(Edge.Bottom);

        return plot.GetSvgXml(Width, Height);
    }
}
