using ClusterSim.Engine;
using ClusterSim.Engine.Monitoring;
using ClusterSim.Scheduling;
using ClusterSim.Serving;

namespace ClusterSim.Telemetry;

/// <summary>
/// Collects the run's user-facing numbers as records arrive: counts, token totals, latencies (exact per-request
/// samples; inter-token latency as a sketch, since it has one value per token), SLO attainment and per-pool step
/// statistics. Latencies count requests that arrived inside the measurement window
/// [warmup, end of arrivals); throughput counts tokens produced inside it.
/// </summary>
public sealed class ServingMetrics : IServingObserver
{
    private readonly SimTime _windowStart;
    private SimTime _windowEnd;
    private readonly double _ttftSloMs;
    private readonly double _tpotSloMs;
    private readonly Dictionary<string, PoolStepStatistics> _pools = new(StringComparer.Ordinal);
    private readonly IRequestSink? _sink;

    /// <summary>Metrics over a window, with SLOs in milliseconds (infinity for none), streaming finished requests to <paramref name="sink"/>.</summary>
    public ServingMetrics(SimTime windowStart, SimTime windowEnd, double ttftSloMs, double tpotSloMs, IRequestSink? sink)
    {
        _windowStart = windowStart;
        _windowEnd = windowEnd;
        _ttftSloMs = ttftSloMs;
        _tpotSloMs = tpotSloMs;
        _sink = sink;
    }

    /// <summary>
    /// Ends the measurement window at <paramref name="end"/> when that is earlier: a closed loop stops at its last
    /// request, before <c>simulation.duration</c>, and its rates are over the time it ran. Everything recorded so far
    /// happened before <paramref name="end"/>, so only the window's length changes.
    /// </summary>
    public void EndWindowAt(SimTime end)
    {
        if (end > _windowStart && end < _windowEnd)
        {
            _windowEnd = end;
        }
    }

    /// <summary>Requests that arrived (all, window or not).</summary>
    public long Arrived { get; private set; }

    /// <summary>Requests that finished.</summary>
    public long Completed { get; private set; }

    /// <summary>Requests dropped, by reason.</summary>
    public SortedDictionary<string, long> DroppedByReason { get; } = new(StringComparer.Ordinal);

    /// <summary>Requests dropped in total.</summary>
    public long Dropped => DroppedByReason.Values.Sum();

    /// <summary>Preemption events.</summary>
    public long Preemptions { get; private set; }

    /// <summary>Prompt tokens of completed requests.</summary>
    public long InputTokens { get; private set; }

    /// <summary>Output tokens of completed requests.</summary>
    public long OutputTokens { get; private set; }

    /// <summary>Output tokens produced inside the window (for throughput).</summary>
    public long WindowOutputTokens { get; private set; }

    /// <summary>Prompt tokens whose first token came inside the window (for input throughput).</summary>
    public long WindowInputTokens { get; private set; }

    /// <summary>Completed window requests that met both SLOs.</summary>
    public long WindowGoodRequests { get; private set; }

    /// <summary>Completed window requests.</summary>
    public long WindowCompleted { get; private set; }

    /// <summary>Window requests dropped (they count against SLO attainment).</summary>
    public long WindowDropped { get; private set; }

    /// <summary>Time to first token, ms, one exact sample per measured request.</summary>
    public LatencySamples Ttft { get; } = new();

    /// <summary>Time per output token after the first, per request, ms.</summary>
    public LatencySamples Tpot { get; } = new();

    /// <summary>Inter-token latency, one sample per token (a step's interval divided by the tokens it produced), ms.</summary>
    public QuantileSketch Itl { get; } = new();

    /// <summary>End-to-end latency, ms.</summary>
    public LatencySamples E2e { get; } = new();

    /// <summary>Queueing delay from arrival to first admission, ms.</summary>
    public LatencySamples Queue { get; } = new();

    /// <summary>
    /// Arrival to decode KV reservation, ms, per measured request that had one (decode back-pressure of a disaggregated
    /// deployment); part of its queueing time and of its TTFT.
    /// </summary>
    public LatencySamples DecodeReservationWait { get; } = new();

    /// <summary>Per-pool step statistics, by pool name.</summary>
    public IReadOnlyDictionary<string, PoolStepStatistics> Pools => _pools;

    /// <summary>Declares a pool so that its statistics exist even if it never steps.</summary>
    public void AddPool(string pool, int instances, int accelerators) => _pools[pool] = new PoolStepStatistics(pool, instances, accelerators);

    /// <summary>The measurement window's length in seconds.</summary>
    public double WindowSeconds => (_windowEnd - _windowStart).TotalSeconds;

    private bool InWindow(SimTime t) => t >= _windowStart && t < _windowEnd;

    /// <inheritdoc />
    public void OnArrival(RequestState request) => Arrived++;

    /// <inheritdoc />
    public void OnFirstToken(RequestState request)
    {
        if (InWindow(request.FirstToken))
        {
            WindowOutputTokens++;
            WindowInputTokens += request.InputTokens;
        }
    }

    /// <inheritdoc />
    public void OnTokens(ReadOnlySpan<RequestState> requests, int tokens, SimDuration interval)
    {
        if (requests.IsEmpty)
        {
            return;
        }

        // All produced at one instant after one interval: the window test of that instant holds for all of them, and the
        // requests measured (by arrival) each add the same sample, in order, as one at a time would.
        if (InWindow(requests[0].LastToken + interval))
        {
            WindowOutputTokens += (long)tokens * requests.Length;
        }

        long measured = 0;
        foreach (var request in requests)
        {
            if (InWindow(request.Arrival))
            {
                measured++;
            }
        }

        if (measured > 0)
        {
            Itl.AddRepeated(interval.TotalMilliseconds / tokens, tokens, measured);
        }
    }

    /// <inheritdoc />
    public void OnTokens(RequestState request, int tokens, SimDuration interval)
    {
        var at = request.LastToken + interval;
        if (InWindow(at))
        {
            WindowOutputTokens += tokens;
        }

        if (InWindow(request.Arrival))
        {
            Itl.Add(interval.TotalMilliseconds / tokens, tokens);
        }
    }

    /// <inheritdoc />
    public void OnPreempted(RequestState request) => Preemptions++;

    /// <inheritdoc />
    public void OnStep(in StepRecord step)
    {
        if (_pools.TryGetValue(step.Instance.Pool, out var stats))
        {
            stats.Add(step.Cost, step.Batch.Tokens);
        }
    }

    /// <inheritdoc />
    public void OnCompleted(RequestState request)
    {
        var inWindow = InWindow(request.Arrival);
        if (request.Phase == RequestPhase.Dropped)
        {
            var reason = request.DropReason ?? "unknown";
            DroppedByReason[reason] = DroppedByReason.GetValueOrDefault(reason) + 1;
            if (inWindow)
            {
                WindowDropped++;
            }
        }
        else
        {
            Completed++;
            InputTokens += request.InputTokens;
            OutputTokens += request.GeneratedTokens;
            if (inWindow)
            {
                RecordLatencies(request);
            }
        }

        _sink?.Write(request);
    }

    private void RecordLatencies(RequestState request)
    {
        WindowCompleted++;
        var ttftMs = (request.FirstToken - request.Arrival).TotalMilliseconds;
        var e2eMs = (request.Finished - request.Arrival).TotalMilliseconds;
        Ttft.Add(ttftMs);
        E2e.Add(e2eMs);
        Queue.Add((request.FirstScheduled - request.Arrival).TotalMilliseconds);
        if (request.DecodeReserved != SimTime.MaxValue)
        {
            DecodeReservationWait.Add((request.DecodeReserved - request.Arrival).TotalMilliseconds);
        }

        var tpotMs = TpotMs(request);
        if (request.GeneratedTokens > 1)
        {
            Tpot.Add(tpotMs);
        }

        if (ttftMs <= _ttftSloMs && tpotMs <= _tpotSloMs)
        {
            WindowGoodRequests++;
        }
    }

    /// <summary>Time per output token after the first, in ms (0 for a single-token output).</summary>
    public static double TpotMs(RequestState request) => request.GeneratedTokens > 1
        ? (request.Finished - request.FirstToken).TotalMilliseconds / (request.GeneratedTokens - 1)
        : 0;
}
