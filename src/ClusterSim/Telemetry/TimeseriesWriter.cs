using ClusterSim.Engine;
using ClusterSim.Scheduling;
using ClusterSim.Serving;

namespace ClusterSim.Telemetry;

/// <summary>
/// Streams the timeseries table: for each bucket of simulated time, one row per pool (and one per instance when a pool
/// has several) with busy shares by bounding resource, KV occupancy, batch, requests, output throughput and estimated
/// link traffic, handed to a row sink that writes timeseries.csv or timeseries.parquet. Columns and their meaning:
/// docs/traces.md.
/// </summary>
/// <remarks>
/// Memory is bounded by the number of instances: only the open bucket is held. A step is known in full when it
/// starts, so its time is spread pro rata over the buckets it spans as they close. Events reach observers in time
/// order, so a bucket closes as soon as an event lies beyond it.
/// </remarks>
public sealed class TimeseriesWriter : IServingObserver
{
    /// <summary>Column names, in order.</summary>
    public static readonly string[] Columns =
    [
        "time_s", "scope", "pool", "instance", "busy", "compute_busy", "hbm_busy", "communication", "imbalance",
        "kv_max", "kv_mean", "batch_tokens", "running", "queued", "output_tokens_per_s",
        "scale_up_bytes", "scale_up_busy", "scale_out_bytes", "scale_out_busy",
    ];

    private readonly ITimeseriesRowSink _rows;
    private readonly long _windowNs;
    private readonly RunTopology _topology;
    private readonly InstanceTimeline[] _instances;
    private readonly int[] _poolFirst;
    private readonly ReportSeries? _report;
    private long _bucketStartNs;
    private InstanceTimeline? _stepping;
    private bool _completed;

    /// <summary>Writes buckets of <paramref name="window"/> for <paramref name="topology"/> to <paramref name="writer"/> (the caller owns it).</summary>
    /// <param name="writer">timeseries.csv text.</param>
    /// <param name="window">Bucket width.</param>
    /// <param name="topology">Pools and instances.</param>
    /// <param name="report">Also keeps each pool row's plotted values here for report.html, or null.</param>
    public TimeseriesWriter(TextWriter writer, SimDuration window, RunTopology topology, ReportSeries? report = null)
        : this(new TimeseriesCsvRows(writer), window, topology, report)
    {
    }

    /// <summary>Hands buckets of <paramref name="window"/> for <paramref name="topology"/> to <paramref name="rows"/> (the caller owns it).</summary>
    internal TimeseriesWriter(ITimeseriesRowSink rows, SimDuration window, RunTopology topology, ReportSeries? report = null)
    {
        _report = report;
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(topology);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window.Nanoseconds, 0L, nameof(window));
        _rows = rows;
        _windowNs = window.Nanoseconds;
        _topology = topology;
        _poolFirst = new int[topology.Pools.Count];
        var all = new List<InstanceTimeline>();
        for (var p = 0; p < topology.Pools.Count; p++)
        {
            _poolFirst[p] = all.Count;
            for (var i = 0; i < topology.Pools[p].Instances; i++)
            {
                all.Add(new InstanceTimeline(p, i));
            }
        }

        _instances = [.. all];
    }

    /// <summary>Rows written so far.</summary>
    public long Rows { get; private set; }

    /// <inheritdoc />
    public void OnArrival(RequestState request) => Advance(request.Arrival.Nanoseconds);

    /// <inheritdoc />
    public void OnFirstToken(RequestState request)
    {
        Advance(request.FirstToken.Nanoseconds);
        if (_stepping is not null)
        {
            _stepping.OutputTokens++;
        }
    }

    /// <inheritdoc />
    public void OnTokens(ReadOnlySpan<RequestState> requests, int tokens, SimDuration interval)
    {
        if (requests.IsEmpty)
        {
            return;
        }

        // All produced at one instant: advancing once closes the same buckets as advancing per request, and the count
        // is an integer sum.
        Advance((requests[0].LastToken + interval).Nanoseconds);
        if (_stepping is not null)
        {
            _stepping.OutputTokens += (long)tokens * requests.Length;
        }
    }

    /// <inheritdoc />
    public void OnTokens(RequestState request, int tokens, SimDuration interval)
    {
        Advance((request.LastToken + interval).Nanoseconds);
        if (_stepping is not null)
        {
            _stepping.OutputTokens += tokens;
        }
    }

    /// <inheritdoc />
    public void OnCompleted(RequestState request) => Advance(request.Finished.Nanoseconds);

    /// <inheritdoc />
    public void OnStep(in StepRecord step)
    {
        Advance(step.Start.Nanoseconds + Math.Max(1, step.Cost.Duration.Nanoseconds));
        // The tokens this step produces are reported right after, synchronously, by the same instance.
        _stepping = TimelineOf(step.Instance);
    }

    /// <inheritdoc />
    public void OnPreempted(RequestState request)
    {
    }

    /// <inheritdoc />
    public void OnStepStarted(in StepRecord step)
    {
        var start = step.Start;
        Advance(start.Nanoseconds);
        var timeline = TimelineOf(step.Instance);
        var links = _topology.Pools[timeline.Pool].Links;
        timeline.Consume(start.Nanoseconds);
        timeline.StartStep(step.Cost, start, step.Batch.Tokens, links);
        timeline.Sample(step.Gauges);
    }

    /// <inheritdoc />
    public void OnIdle(InstanceIdentity instance, in RankGroupGauges gauges, SimTime now)
    {
        Advance(now.Nanoseconds);
        TimelineOf(instance).Sample(gauges);
    }

    /// <summary>Closes every bucket up to <paramref name="end"/>, writing the last one partial; call once at the end of the run.</summary>
    public void Complete(SimTime end)
    {
        if (_completed)
        {
            return;
        }

        Advance(end.Nanoseconds);
        if (end.Nanoseconds > _bucketStartNs)
        {
            WriteBucket(end.Nanoseconds - _bucketStartNs);
        }

        _completed = true;

        _rows.Flush();
    }

    private InstanceTimeline TimelineOf(InstanceIdentity instance) =>
        _instances[_poolFirst[_topology.PoolIndex(instance.Pool)] + instance.Index];

    private void Advance(long nowNs)
    {
        while (nowNs >= _bucketStartNs + _windowNs && !_completed)
        {
            WriteBucket(_windowNs);
            _bucketStartNs += _windowNs;
        }
    }

    private void WriteBucket(long lengthNs)
    {
        var endNs = _bucketStartNs + lengthNs;
        double length = lengthNs;
        var seconds = lengthNs / 1e9;
        for (var p = 0; p < _topology.Pools.Count; p++)
        {
            var pool = _topology.Pools[p];
            var first = _poolFirst[p];
            double busy = 0, compute = 0, memory = 0, comm = 0, imbalance = 0, tokenNs = 0, up = 0, outBytes = 0, kvMax = 0, kvMean = 0;
            long output = 0, running = 0, queued = 0;
            for (var i = first; i < first + pool.Instances; i++)
            {
                var t = _instances[i];
                t.Consume(endNs);
                if (pool.Instances > 1)
                {
                    WriteRow(new TimeseriesRow(
                        "instance", pool, t.Instance, t.BusyNs / length, t.ComputeNs / length, t.MemoryNs / length, t.CommunicationNs / length,
                        t.ImbalanceNs / length, t.KvMax, t.KvMean, t.TokenNs / length, t.Running, t.Queued, t.OutputTokens / seconds,
                        t.ScaleUpBytes, t.ScaleOutBytes, Instances: 1, seconds));
                }

                busy += t.BusyNs;
                compute += t.ComputeNs;
                memory += t.MemoryNs;
                comm += t.CommunicationNs;
                imbalance += t.ImbalanceNs;
                tokenNs += t.TokenNs;
                up += t.ScaleUpBytes;
                outBytes += t.ScaleOutBytes;
                kvMax = Math.Max(kvMax, t.KvMax);
                kvMean += t.KvMean;
                output += t.OutputTokens;
                running += t.Running;
                queued += t.Queued;
                t.ResetBucket();
            }

            var n = Math.Max(1, pool.Instances);
            var instanceTime = length * n;
            WriteRow(new TimeseriesRow(
                "pool", pool, -1, busy / instanceTime, compute / instanceTime, memory / instanceTime, comm / instanceTime,
                imbalance / instanceTime, kvMax, kvMean / n, tokenNs / length, running, queued, output / seconds, up, outBytes, n, seconds));
        }
    }

    /// <summary>Hands a pool row's plotted columns to the report, rounded exactly as timeseries.csv writes them.</summary>
    private void Keep(in TimeseriesRow row)
    {
        // An exact integer of nanoseconds over 1e9 is the double that the written decimal parses to.
        _report!.AddPoolRow(row.Pool.Name, _bucketStartNs / 1e9,
        [
            TableDecimals.AsWritten(row.Busy, 4), TableDecimals.AsWritten(row.Compute, 4), TableDecimals.AsWritten(row.Memory, 4), TableDecimals.AsWritten(row.Communication, 4),
            TableDecimals.AsWritten(row.Imbalance, 4), TableDecimals.AsWritten(row.KvMax, 4), TableDecimals.AsWritten(row.KvMean, 4), TableDecimals.AsWritten(row.OutputTokensPerSecond, 2),
            TableDecimals.AsWritten(row.Running, 0), TableDecimals.AsWritten(row.Queued, 0),
        ]);
    }

    private void WriteRow(in TimeseriesRow row)
    {
        if (_report is not null && row.Instance < 0)
        {
            Keep(row);
        }

        _rows.Write(_bucketStartNs, row);
        Rows++;
    }
}
