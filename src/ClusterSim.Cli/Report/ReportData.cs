using ClusterSim.Cli.Trace;
using ClusterSim.Telemetry;

namespace ClusterSim.Cli.Report;

/// <summary>What report.html plots, read from a run folder: pool timelines (downsampled) and request latencies.</summary>
public sealed class ReportData
{
    /// <summary>Timeline points kept per series: enough for a 1000-pixel chart, small enough for an inline SVG.</summary>
    public const int MaxPoints = 800;

    /// <summary>Pool timelines by pool name, in file order.</summary>
    public IReadOnlyList<PoolTimeline> Pools { get; private init; } = [];

    /// <summary>TTFT of completed requests, ms, ascending.</summary>
    public double[] TtftMs { get; private init; } = [];

    /// <summary>TPOT of completed requests with more than one output token, ms, ascending.</summary>
    public double[] TpotMs { get; private init; } = [];

    /// <summary>
    /// The same data from what the run kept in memory while writing its files (the values their text parses to), so
    /// a fresh run's report does not re-read them; null when the run kept too many rows (read the folder instead).
    /// </summary>
    public static ReportData? From(ReportSeries series)
    {
        ArgumentNullException.ThrowIfNull(series);
        if (series.Overflowed)
        {
            return null;
        }

        var pools = series.Pools.Select((name, p) => PoolTimeline.Downsample(name, series.TimesOf(p), series.RowsOf(p), MaxPoints)).ToList();
        double[] ttft = [.. series.TtftMs];
        double[] tpot = [.. series.TpotMs];
        Array.Sort(ttft);
        Array.Sort(tpot);
        return new ReportData { Pools = pools, TtftMs = ttft, TpotMs = tpot };
    }

    /// <summary>Reads timeseries.csv (when present) and requests.csv of <paramref name="runDirectory"/>.</summary>
    public static ReportData Read(string runDirectory)
    {
        var pools = RunFolderFiles.Optional(runDirectory, "timeseries.csv") is { } ts ? ReadTimeline(ts) : [];
        var ttft = new List<double>();
        var tpot = new List<double>();
        if (RunFolderFiles.Optional(runDirectory, "requests.csv") is { } requests)
        {
            using var table = CsvTable.Open(requests);
            int status = table.IndexOf("status"), ttftColumn = table.IndexOf("ttft_ms"), tpotColumn = table.IndexOf("tpot_ms");
            foreach (var row in table.Rows())
            {
                if (status >= 0 && row[status] != "completed")
                {
                    continue;
                }

                Add(ttft, ttftColumn >= 0 ? CsvTable.Number(row[ttftColumn]) : double.NaN);
                Add(tpot, tpotColumn >= 0 ? CsvTable.Number(row[tpotColumn]) : double.NaN);
            }
        }

        ttft.Sort();
        tpot.Sort();
        return new ReportData { Pools = pools, TtftMs = [.. ttft], TpotMs = [.. tpot] };
    }

    private static void Add(List<double> values, double value)
    {
        if (!double.IsNaN(value))
        {
            values.Add(value);
        }
    }

    private static List<PoolTimeline> ReadTimeline(string path)
    {
        using var table = CsvTable.Open(path);
        var columns = PoolTimeline.Series.Select(table.IndexOf).ToArray();
        int time = table.IndexOf("time_s"), scope = table.IndexOf("scope"), pool = table.IndexOf("pool");
        if (time < 0 || scope < 0 || pool < 0 || columns.Any(c => c < 0))
        {
            throw new UserErrorException($"{path}: not a timeseries.csv of this version; columns are {string.Join(", ", table.Columns)}");
        }

        var byPool = new Dictionary<string, (List<double> Time, List<double[]> Values)>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var row in table.Rows())
        {
            if (row[scope] != "pool")
            {
                continue;
            }

            if (!byPool.TryGetValue(row[pool], out var series))
            {
                series = ([], []);
                byPool[row[pool]] = series;
                order.Add(row[pool]);
            }

            series.Time.Add(CsvTable.Number(row[time]));
            series.Values.Add(columns.Select(c => CsvTable.Number(row[c])).ToArray());
        }

        return order.Select(name => PoolTimeline.Downsample(name, byPool[name].Time, byPool[name].Values, MaxPoints)).ToList();
    }
}

/// <summary>One pool's timeline, averaged into at most <see cref="ReportData.MaxPoints"/> points.</summary>
/// <param name="Pool">Pool name.</param>
/// <param name="TimeS">Start of each point's span, simulated seconds.</param>
/// <param name="Values">One array per name in <see cref="Series"/>, aligned with <paramref name="TimeS"/>.</param>
public sealed record PoolTimeline(string Pool, double[] TimeS, IReadOnlyDictionary<string, double[]> Values)
{
    /// <summary>The timeseries.csv columns the report plots.</summary>
    public static readonly string[] Series = ReportSeries.PoolColumns;

    /// <summary>Averages consecutive buckets so that at most <paramref name="maxPoints"/> remain.</summary>
    public static PoolTimeline Downsample(string pool, IReadOnlyList<double> time, IReadOnlyList<double[]> rows, int maxPoints)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(rows);
        var stride = Math.Max(1, (int)Math.Ceiling((double)time.Count / maxPoints));
        var points = (time.Count + stride - 1) / stride;
        var t = new double[points];
        var values = Series.Select(_ => new double[points]).ToArray();
        for (var p = 0; p < points; p++)
        {
            var from = p * stride;
            var to = Math.Min(time.Count, from + stride);
            t[p] = time[from];
            for (var s = 0; s < Series.Length; s++)
            {
                double sum = 0;
                for (var i = from; i < to; i++)
                {
                    sum += double.IsNaN(rows[i][s]) ? 0 : rows[i][s];
                }

                values[s][p] = sum / (to - from);
            }
        }

        return new PoolTimeline(pool, t, Series.Select((name, s) => (name, s)).ToDictionary(x => x.name, x => values[x.s], StringComparer.Ordinal));
    }
}
