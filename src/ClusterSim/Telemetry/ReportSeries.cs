using System.Globalization;

namespace ClusterSim.Telemetry;

/// <summary>
/// What report.html plots, kept while timeseries.csv and requests.csv are written: each pool row's plotted columns
/// and each completed request's TTFT and TPOT, holding exactly the values the files' text parses back to. The report
/// is then drawn from memory instead of re-reading and re-parsing both files from disk, which cost more CPU than a
/// short simulation. Memory is bounded: past <see cref="MaxPoolRows"/> pool rows (a long run with a narrow pinned
/// bucket) the rows are let go and <see cref="Overflowed"/> tells the report to read the file as before.
/// </summary>
public sealed class ReportSeries
{
    /// <summary>Pool rows kept at most (about 100 bytes each).</summary>
    public const int MaxPoolRows = 200_000;

    /// <summary>The timeseries.csv columns the report plots, in the order of each row's values.</summary>
    public static readonly string[] PoolColumns =
        ["busy", "compute_busy", "hbm_busy", "communication", "imbalance", "kv_max", "kv_mean", "output_tokens_per_s", "running", "queued"];

    private readonly List<string> _pools = [];
    private readonly List<(List<double> Time, List<double[]> Rows)> _series = [];
    private readonly List<double> _ttftMs = [];
    private readonly List<double> _tpotMs = [];
    private int _poolRows;

    /// <summary>Pool names in the order their first row was written.</summary>
    public IReadOnlyList<string> Pools => _pools;

    /// <summary>True when there were too many pool rows to keep: read timeseries.csv instead.</summary>
    public bool Overflowed { get; private set; }

    /// <summary>TTFT of completed requests, ms, in the order they were written.</summary>
    public IReadOnlyList<double> TtftMs => _ttftMs;

    /// <summary>TPOT of completed requests with more than one output token, ms, in the order they were written.</summary>
    public IReadOnlyList<double> TpotMs => _tpotMs;

    /// <summary>Bucket start times (s) of pool <paramref name="pool"/>.</summary>
    public IReadOnlyList<double> TimesOf(int pool) => _series[pool].Time;

    /// <summary>Rows of pool <paramref name="pool"/>, each aligned with <see cref="PoolColumns"/>.</summary>
    public IReadOnlyList<double[]> RowsOf(int pool) => _series[pool].Rows;

    /// <summary>Keeps one pool row (values as written, in <see cref="PoolColumns"/> order).</summary>
    internal void AddPoolRow(string pool, double timeS, double[] values)
    {
        if (Overflowed)
        {
            return;
        }

        if (++_poolRows > MaxPoolRows)
        {
            Overflowed = true;
            _pools.Clear();
            _series.Clear();
            return;
        }

        var index = _pools.IndexOf(pool);
        if (index < 0)
        {
            index = _pools.Count;
            _pools.Add(pool);
            _series.Add(([], []));
        }

        _series[index].Time.Add(timeS);
        _series[index].Rows.Add(values);
    }

    /// <summary>Keeps a completed request's latencies from their requests.csv text (empty: absent).</summary>
    internal void AddCompleted(ReadOnlySpan<char> ttftText, ReadOnlySpan<char> tpotText)
    {
        if (ttftText.Length > 0)
        {
            _ttftMs.Add(double.Parse(ttftText, NumberStyles.Float, CultureInfo.InvariantCulture));
        }

        if (tpotText.Length > 0)
        {
            _tpotMs.Add(double.Parse(tpotText, NumberStyles.Float, CultureInfo.InvariantCulture));
        }
    }
}
