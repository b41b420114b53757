using System.Globalization;
using ClusterSim.Engine;
using ClusterSim.Serving;

namespace ClusterSim.Telemetry;

/// <summary>
/// The layer-fidelity part of trace.json: stage slices on per-instance lane threads, flow arrows from each MoE
/// layer's dispatch to its experts to its combine; the per-pool link counters; and cluster events as instants.
/// </summary>
public sealed partial class TraceJsonWriter
{
    private const int ClusterEventsTid = 9;
    private readonly StageTracks _stages;
    private readonly LinkRates _links;
    private readonly int _firstPoolPid;
    private long _lastFlowId;

    /// <inheritdoc />
    public void OnStage(InstanceIdentity instance, int microBatch, Stage stage, SimTime start, SimTime end)
    {
        Tick(end);
        var pid = PidOf(instance);
        var slot = (pid * 2) + microBatch;
        switch (stage.Kind)
        {
            case StageKind.Dispatch:
                // Held until the combine ends: the three slices and their arrows are written whole or not at all.
                _stages.Dispatch[slot] = new StageSpan(stage.Layer, start, end);
                return;
            case StageKind.Experts when _stages.Dispatch[slot].Layer == stage.Layer:
                _stages.Experts[slot] = new StageSpan(stage.Layer, start, end);
                return;
            case StageKind.Combine when _stages.Experts[slot].Layer == stage.Layer && _stages.Dispatch[slot].Layer == stage.Layer:
                WriteMoeLayer(pid, microBatch, stage, start, end);
                return;
        }

        if (!_options.Overlaps(start, end) || !Reserve(1))
        {
            return;
        }

        WriteStage(pid, microBatch, stage.Kind, stage.Lane, stage.Layer, start, end, 0, FlowRole.None);
        FlushIfFull();
    }

    /// <inheritdoc />
    public void OnClusterEvent(ClusterEvent clusterEvent)
    {
        ArgumentNullException.ThrowIfNull(clusterEvent);
        Tick(clusterEvent.At);
        if (!_options.Overlaps(clusterEvent.At, clusterEvent.At) || !Reserve(1))
        {
            return;
        }

        // On the instance it concerns when there is one (thread scope), else across the whole trace (global scope).
        var onInstance = clusterEvent.Pool is not null && clusterEvent.Instance >= 0;
        var pid = onInstance ? _poolFirstPid[_topology.PoolIndex(clusterEvent.Pool!)] + clusterEvent.Instance : RequestsPid;
        if (onInstance)
        {
            NameThread(pid, ClusterEventsTid, "cluster events");
        }

        _json.WriteStartObject();
        _json.WriteString("ph", "i");
        _json.WriteString("cat", clusterEvent.Kind == ClusterEventKind.Rebalance ? "rebalance" : "fault");
        _json.WriteString("name", clusterEvent.Kind switch
        {
            ClusterEventKind.FaultStarted => clusterEvent.Name + " starts",
            ClusterEventKind.FaultEnded => clusterEvent.Name + " ends",
            _ => clusterEvent.Name,
        });
        _json.WriteNumber("pid", pid);
        _json.WriteNumber("tid", onInstance ? ClusterEventsTid : 0);
        _json.WriteString("s", onInstance ? "t" : "g");
        Ts(clusterEvent.At);
        _json.WriteStartObject("args");
        _json.WriteString("detail", clusterEvent.Detail);
        _json.WriteEndObject();
        _json.WriteEndObject();
        FlushIfFull();
    }

    private static string StageName(StageKind kind, int layer) =>
        layer < 0 ? kind.ToString() : string.Create(CultureInfo.InvariantCulture, $"{kind} L{layer}");

    private void WriteMoeLayer(int pid, int microBatch, Stage combine, SimTime start, SimTime end)
    {
        var slot = (pid * 2) + microBatch;
        var dispatch = _stages.Dispatch[slot];
        var experts = _stages.Experts[slot];
        _stages.Dispatch[slot] = StageSpan.None;
        _stages.Experts[slot] = StageSpan.None;
        if (!_options.Overlaps(dispatch.Start, end) || !Reserve(3))
        {
            return;
        }

        var flow = ++_lastFlowId;
        WriteStage(pid, microBatch, StageKind.Dispatch, StageLane.Communication, combine.Layer, dispatch.Start, dispatch.End, flow, FlowRole.Out);
        WriteStage(pid, microBatch, StageKind.Experts, StageLane.Compute, combine.Layer, experts.Start, experts.End, flow, FlowRole.Through);
        WriteStage(pid, microBatch, StageKind.Combine, StageLane.Communication, combine.Layer, start, end, flow, FlowRole.In);
        FlushIfFull();
    }

    private void WriteStage(int pid, int microBatch, StageKind kind, StageLane lane, int layer, SimTime start, SimTime end, long flow, FlowRole role)
    {
        // One thread per lane per micro-batch: the lanes of the two micro-batches interleave (two-batch overlap).
        var tid = 1 + (microBatch * 2) + (int)lane;
        if (!_stages.Named[(pid * 4) + tid - 1])
        {
            _stages.Named[(pid * 4) + tid - 1] = true;
            NameThread(pid, tid, string.Create(CultureInfo.InvariantCulture, $"{(lane == StageLane.Compute ? "compute" : "communication")} (micro-batch {microBatch})"));
        }

        _json.WriteStartObject();
        _json.WriteString("ph", "X");
        _json.WriteString("cat", lane == StageLane.Compute ? "compute" : "communication");
        _json.WriteString("name", StageName(kind, layer));
        _json.WriteNumber("pid", pid);
        _json.WriteNumber("tid", tid);
        Ts(start);
        _json.WriteNumber("dur", (end - start).Nanoseconds / 1000.0);
        if (role != FlowRole.None)
        {
            _json.WriteNumber("bind_id", flow);
            if (role is FlowRole.In or FlowRole.Through)
            {
                _json.WriteBoolean("flow_in", true);
            }

            if (role is FlowRole.Out or FlowRole.Through)
            {
                _json.WriteBoolean("flow_out", true);
            }
        }

        _json.WriteEndObject();
    }

    private void NameThread(int pid, int tid, string name)
    {
        _json.WriteStartObject();
        _json.WriteString("ph", "M");
        _json.WriteString("name", "thread_name");
        _json.WriteNumber("pid", pid);
        _json.WriteNumber("tid", tid);
        _json.WriteStartObject("args");
        _json.WriteString("name", name);
        _json.WriteEndObject();
        _json.WriteEndObject();
        Events++;
    }

    /// <summary>
    /// Sets the instance's link rates from a step's fabric bytes over its duration (0 bytes: idle) and writes its pool's
    /// summed counter. Layer-fidelity steps are written when they end, so a pool's counter may not go back before its
    /// last sample: where instances' steps interleave the sample moves forward to it (documented in docs/traces.md).
    /// </summary>
    private void WriteLinks(InstanceIdentity instance, int pid, SimTime at, double fabricBytes, long durationNs)
    {
        var p = _topology.PoolIndex(instance.Pool);
        var profile = _topology.Pools[p].Links;
        if (profile.ScaleUpShare + profile.ScaleOutShare <= 0)
        {
            return;
        }

        var perSecond = fabricBytes * 1e9 / Math.Max(1, durationNs);
        _links.ScaleUp[pid] = perSecond * profile.ScaleUpShare;
        _links.ScaleOut[pid] = perSecond * profile.ScaleOutShare;
        if (!Reserve(1))
        {
            return;
        }

        double up = 0, outward = 0;
        for (var i = _poolFirstPid[p]; i < _poolFirstPid[p] + _topology.Pools[p].Instances; i++)
        {
            up += _links.ScaleUp[i];
            outward += _links.ScaleOut[i];
        }

        var ts = at > _links.LastSample[p] ? at : _links.LastSample[p];
        _links.LastSample[p] = ts;
        _json.WriteStartObject();
        _json.WriteString("ph", "C");
        _json.WriteString("name", "link_bytes_per_s");
        _json.WriteNumber("pid", _firstPoolPid + p);
        Ts(ts);
        _json.WriteStartObject("args");
        _json.WriteNumber("scale_up", Math.Round(up));
        _json.WriteNumber("scale_out", Math.Round(outward));
        _json.WriteEndObject();
        _json.WriteEndObject();
    }

    private enum FlowRole
    {
        None,
        Out,
        Through,
        In,
    }

    /// <summary>A held stage of an MoE layer: its layer (-1: none held) and times.</summary>
    private readonly record struct StageSpan(int Layer, SimTime Start, SimTime End)
    {
        public static readonly StageSpan None = new(-1, SimTime.Zero, SimTime.Zero);
    }

    /// <summary>Per instance and micro-batch: the held dispatch and experts stages; per instance and lane thread: named yet.</summary>
    private sealed class StageTracks
    {
        public StageTracks(int pids)
        {
            Dispatch = new StageSpan[pids * 2];
            Experts = new StageSpan[pids * 2];
            Array.Fill(Dispatch, StageSpan.None);
            Array.Fill(Experts, StageSpan.None);
            Named = new bool[pids * 4];
        }

        public StageSpan[] Dispatch { get; }

        public StageSpan[] Experts { get; }

        public bool[] Named { get; }
    }

    /// <summary>Current link rates of each instance and the last counter time of each pool.</summary>
    private sealed class LinkRates
    {
        public LinkRates(int pids, int pools)
        {
            ScaleUp = new double[pids];
            ScaleOut = new double[pids];
            LastSample = new SimTime[pools];
        }

        public double[] ScaleUp { get; }

        public double[] ScaleOut { get; }

        public SimTime[] LastSample { get; }
    }
}
