using System.Text.Json.Serialization;
using ClusterSim.Engine;

namespace ClusterSim.Fabric;

/// <summary>How a <see cref="FlowNetwork"/> prices flows.</summary>
public enum LinkModel
{
    /// <summary>Concurrent flows share links by max-min fairness, recomputed whenever a flow starts or ends.</summary>
    [JsonStringEnumMemberName("fair-share")]
    FairShare,

    /// <summary>No contention: every flow runs at its path's bottleneck bandwidth (alpha + bytes / bandwidth).</summary>
    [JsonStringEnumMemberName("alpha-beta")]
    AlphaBeta,
}

/// <summary>A handle on a flow in a <see cref="FlowNetwork"/>; stale once the flow has completed.</summary>
public readonly record struct FlowId(int Slot, int Generation);

/// <summary>A flow that has delivered all its bytes.</summary>
/// <param name="Id">The handle returned by Start.</param>
/// <param name="Tag">The caller's tag given at Start.</param>
/// <param name="Bytes">Bytes delivered (equal to the bytes started).</param>
/// <param name="StartTime">When the flow was started (before its latency).</param>
/// <param name="FinishTime">When its last byte arrived.</param>
public readonly record struct CompletedFlow(FlowId Id, long Tag, double Bytes, SimTime StartTime, SimTime FinishTime);

/// <summary>Receives completed flows from <see cref="FlowNetwork.AdvanceTo{TSink}(SimTime, TSink)"/>.</summary>
public interface IFlowCompletionSink
{
    /// <summary>Called once per completed flow, in completion order.</summary>
    void OnFlowCompleted(in CompletedFlow flow);
}

/// <summary>Cumulative traffic of one link up to <see cref="At"/>, for telemetry.</summary>
/// <param name="At">The instant these counters describe.</param>
/// <param name="BytesCarried">Bytes that crossed the link since the network started.</param>
/// <param name="BusyTime">Time during which at least one flow was sending over the link.</param>
/// <param name="ActiveFlows">Flows currently sending over the link.</param>
/// <param name="BytesPerSecond">The link's current aggregate rate.</param>
public readonly record struct LinkCounters(SimTime At, double BytesCarried, SimDuration BusyTime, int ActiveFlows, double BytesPerSecond)
{
    /// <summary>Utilisation between two readings: bytes carried / (bandwidth × interval); 0 for an empty interval.</summary>
    public static double Utilisation(in LinkCounters earlier, in LinkCounters later, double linkBytesPerSecond)
    {
        var seconds = (later.At - earlier.At).TotalSeconds;
        return seconds <= 0 ? 0 : (later.BytesCarried - earlier.BytesCarried) / (linkBytesPerSecond * seconds);
    }
}

/// <summary>A sink that appends completed flows to a reusable list.</summary>
public sealed class CompletedFlowList : IFlowCompletionSink
{
    /// <summary>The flows received since the last <see cref="List{T}.Clear"/>.</summary>
    public List<CompletedFlow> Flows { get; } = [];

    /// <inheritdoc />
    public void OnFlowCompleted(in CompletedFlow flow) => Flows.Add(flow);
}
