using System.Text.Json;
using ClusterSim.Engine;
using ClusterSim.Scheduling;
using ClusterSim.Serving;

namespace ClusterSim.Telemetry;

/// <summary>
/// Streams trace.json in the Chrome Trace Event format (opens in Perfetto UI and chrome://tracing): a process per
/// instance with a "steps" thread of complete slices, counters for KV occupancy, requests and utilisation, and a
/// "requests" process whose async spans follow each request through queue, prefill and decode. Layout and fields:
/// docs/traces.md.
/// </summary>
/// <remarks>
/// Timestamps are microseconds of simulated time. Steps are written when they start (their duration is known then),
/// requests when they end; viewers sort by timestamp, so file order does not matter. Groups of events that belong
/// together (a request's begin/end pairs) are written whole or not at all when the event cap is reached.
/// </remarks>
public sealed partial class TraceJsonWriter : IServingObserver, IDisposable
{
    private const int RequestsPid = 0;
    private const int StepsTid = 0;
    private const int FlushBytes = 1 << 16;

    private readonly Utf8JsonWriter _json;
    private readonly RunTopology _topology;
    private readonly TraceOutputOptions _options;
    private readonly int[] _poolFirstPid;
    private readonly bool[] _idle;
    private SimTime _now;
    private bool _completed;

    /// <summary>Starts the document on <paramref name="stream"/> (the caller owns it) and names the tracks.</summary>
    public TraceJsonWriter(Stream stream, RunTopology topology, TraceOutputOptions options)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(topology);
        ArgumentNullException.ThrowIfNull(options);
        _topology = topology;
        _options = options;
        _json = new Utf8JsonWriter(stream, new JsonWriterOptions { SkipValidation = false });
        _poolFirstPid = new int[topology.Pools.Count];
        var pid = 1;
        for (var p = 0; p < topology.Pools.Count; p++)
        {
            _poolFirstPid[p] = pid;
            pid += topology.Pools[p].Instances;
        }

        _idle = new bool[pid];
        _stages = new StageTracks(pid);
        _links = new LinkRates(pid, topology.Pools.Count);
        _firstPoolPid = pid;
        _json.WriteStartObject();
        _json.WriteStartArray("traceEvents");
        WriteMetadata();
    }

    /// <summary>Events written.</summary>
    public long Events { get; private set; }

    /// <summary>Events left out because the cap was reached.</summary>
    public long DroppedEvents { get; private set; }

    /// <inheritdoc />
    public void OnArrival(RequestState request) => Tick(request.Arrival);

    /// <inheritdoc />
    public void OnFirstToken(RequestState request) => Tick(request.FirstToken);

    /// <inheritdoc />
    public void OnTokens(ReadOnlySpan<RequestState> requests, int tokens, SimDuration interval)
    {
        // All produced at one instant: one tick is every tick.
        if (!requests.IsEmpty)
        {
            OnTokens(requests[0], tokens, interval);
        }
    }

    /// <inheritdoc />
    public void OnTokens(RequestState request, int tokens, SimDuration interval) => Tick(request.LastToken + interval);

    /// <inheritdoc />
    public void OnStep(in StepRecord step)
    {
        Tick(step.Start + SimDuration.FromNanoseconds(Math.Max(1, step.Cost.Duration.Nanoseconds)));
        if (step.Instance.LayerFidelity)
        {
            // Stage by stage, the step's length is known only now; its stages were written as they ended.
            WriteStep(step);
        }
    }

    /// <inheritdoc />
    public void OnStepStarted(in StepRecord step)
    {
        Tick(step.Start);
        if (!step.Instance.LayerFidelity)
        {
            WriteStep(step);
        }
    }

    private void WriteStep(in StepRecord step)
    {
        var cost = step.Cost;
        var start = step.Start;
        var pid = PidOf(step.Instance);
        _idle[pid] = false;
        var durationNs = Math.Max(1, cost.Duration.Nanoseconds);
        if (!_options.Overlaps(start, start + SimDuration.FromNanoseconds(durationNs)) || !Reserve(4))
        {
            return;
        }

        var prefillTokens = step.Batch.PrefillTokens;
        var decodes = step.Batch.Decodes;
        _json.WriteStartObject();
        _json.WriteString("ph", "X");
        _json.WriteString("cat", "step");
        _json.WriteString("name", prefillTokens == 0 ? "decode" : decodes == 0 ? "prefill" : "mixed");
        _json.WriteNumber("pid", pid);
        _json.WriteNumber("tid", StepsTid);
        Ts(start);
        _json.WriteNumber("dur", durationNs / 1000.0);
        _json.WriteStartObject("args");
        _json.WriteNumber("batch_tokens", step.Batch.Tokens);
        _json.WriteNumber("decodes", decodes);
        _json.WriteNumber("prefill_tokens", prefillTokens);
        _json.WriteString("bound", Bottleneck.DominantOf(cost));
        _json.WriteNumber("compute_bound_us", Round(cost.ComputeBoundNs / 1000.0));
        _json.WriteNumber("memory_bound_us", Round(cost.MemoryBoundNs / 1000.0));
        _json.WriteNumber("communication_us", Round(cost.CommunicationNs / 1000.0));
        _json.WriteNumber("imbalance_us", Round(cost.ImbalanceNs / 1000.0));
        _json.WriteNumber("fabric_bytes", Math.Round(cost.FabricBytes));
        if (cost.TokensPerExpert > 0)
        {
            _json.WriteNumber("tokens_per_expert", Round(cost.TokensPerExpert));
            _json.WriteNumber("expert_imbalance", Round(cost.ExpertImbalance));
        }

        _json.WriteEndObject();
        _json.WriteEndObject();

        // Counters sit at the step's start: only those inside the window, so a windowed trace starts clean.
        if (_options.Overlaps(start, start))
        {
            double d = durationNs;
            WriteUtilisation(pid, start, cost.ComputeBoundNs / d, cost.MemoryBoundNs / d, cost.CommunicationNs / d, cost.ImbalanceNs / d);
            WriteGauges(pid, start, step.Gauges);
            WriteLinks(step.Instance, pid, start, cost.FabricBytes, durationNs);
        }
        else
        {
            Events -= 3;
        }

        FlushIfFull();
    }

    /// <inheritdoc />
    public void OnIdle(InstanceIdentity instance, in RankGroupGauges gauges, SimTime now)
    {
        Tick(now);
        var pid = PidOf(instance);
        if (_idle[pid])
        {
            return;
        }

        _idle[pid] = true;
        if (!_options.Overlaps(now, now) || !Reserve(3))
        {
            return;
        }

        WriteUtilisation(pid, now, 0, 0, 0, 0);
        WriteGauges(pid, now, gauges);
        WriteLinks(instance, pid, now, 0, 1);
        FlushIfFull();
    }

    /// <summary>Ends the event array and writes otherData; call once at the end of the run.</summary>
    public void Complete(SimTime end)
    {
        if (_completed)
        {
            return;
        }

        _completed = true;
        _json.WriteEndArray();
        _json.WriteStartObject("otherData");
        _json.WriteString("generator", "clustersim");
        _json.WriteNumber("simulated_end_us", end.Nanoseconds / 1000.0);
        _json.WriteNumber("window_start_us", _options.WindowStart.Nanoseconds / 1000.0);
        if (_options.WindowEnd != SimTime.MaxValue)
        {
            _json.WriteNumber("window_end_us", _options.WindowEnd.Nanoseconds / 1000.0);
        }

        _json.WriteNumber("max_events", _options.MaxEvents);
        _json.WriteNumber("events", Events);
        _json.WriteNumber("dropped_events", DroppedEvents);
        _json.WriteEndObject();
        _json.WriteEndObject();
        _json.Flush();
    }

    /// <inheritdoc />
    public void Dispose() => _json.Dispose();

    private static double Round(double value) => Math.Round(value, 3);

    private int PidOf(InstanceIdentity instance) => _poolFirstPid[_topology.PoolIndex(instance.Pool)] + instance.Index;

    private void Tick(SimTime t)
    {
        if (t > _now)
        {
            _now = t;
        }
    }

    private bool Reserve(int events)
    {
        if (_completed)
        {
            return false;
        }

        if (Events + events > _options.MaxEvents)
        {
            DroppedEvents += events;
            return false;
        }

        Events += events;
        return true;
    }

    private void FlushIfFull()
    {
        if (_json.BytesPending >= FlushBytes)
        {
            _json.Flush();
        }
    }

    private void Ts(SimTime t) => _json.WriteNumber("ts", t.Nanoseconds / 1000.0);

    private void WriteUtilisation(int pid, SimTime at, double compute, double memory, double comm, double imbalance)
    {
        _json.WriteStartObject();
        _json.WriteString("ph", "C");
        _json.WriteString("name", "utilisation");
        _json.WriteNumber("pid", pid);
        Ts(at);
        _json.WriteStartObject("args");
        _json.WriteNumber("compute", Round(compute));
        _json.WriteNumber("hbm", Round(memory));
        _json.WriteNumber("communication", Round(comm));
        _json.WriteNumber("imbalance", Round(imbalance));
        _json.WriteEndObject();
        _json.WriteEndObject();
    }

    private void WriteGauges(int pid, SimTime at, in RankGroupGauges gauges)
    {
        _json.WriteStartObject();
        _json.WriteString("ph", "C");
        _json.WriteString("name", "kv_cache");
        _json.WriteNumber("pid", pid);
        Ts(at);
        _json.WriteStartObject("args");
        _json.WriteNumber("max", Round(gauges.KvMax));
        _json.WriteNumber("mean", Round(gauges.KvMean));
        _json.WriteEndObject();
        _json.WriteEndObject();

        _json.WriteStartObject();
        _json.WriteString("ph", "C");
        _json.WriteString("name", "requests");
        _json.WriteNumber("pid", pid);
        Ts(at);
        _json.WriteStartObject("args");
        _json.WriteNumber("running", gauges.Running);
        _json.WriteNumber("queued", gauges.Queued);
        _json.WriteEndObject();
        _json.WriteEndObject();
    }

    private void WriteMetadata()
    {
        Metadata("process_name", RequestsPid, null, "requests");
        Metadata("process_sort_index", RequestsPid, null, null, sortIndex: 0);
        for (var p = 0; p < _topology.Pools.Count; p++)
        {
            var pool = _topology.Pools[p];
            for (var i = 0; i < pool.Instances; i++)
            {
                var pid = _poolFirstPid[p] + i;
                Metadata("process_name", pid, null, $"{pool.Name} instance {i} ({pool.AcceleratorsPerInstance} accelerators)");
                Metadata("process_sort_index", pid, null, null, sortIndex: pid);
                Metadata("thread_name", pid, StepsTid, "steps");
            }
        }

        for (var p = 0; p < _topology.Pools.Count; p++)
        {
            var pid = _firstPoolPid + p;
            Metadata("process_name", pid, null, $"{_topology.Pools[p].Name} pool links (estimated)");
            Metadata("process_sort_index", pid, null, null, sortIndex: pid);
        }
    }

    private void Metadata(string name, int pid, int? tid, string? label, int? sortIndex = null)
    {
        _json.WriteStartObject();
        _json.WriteString("ph", "M");
        _json.WriteString("name", name);
        _json.WriteNumber("pid", pid);
        _json.WriteNumber("tid", tid ?? 0);
        _json.WriteStartObject("args");
        if (label is not null)
        {
            _json.WriteString("name", label);
        }

        if (sortIndex is { } s)
        {
            _json.WriteNumber("sort_index", s);
        }

        _json.WriteEndObject();
        _json.WriteEndObject();
        Events++;
    }
}
