using ClusterSim.Engine;

namespace ClusterSim.Serving;

/// <summary>What kind of cluster event a <see cref="ClusterEvent"/> is.</summary>
public enum ClusterEventKind
{
    /// <summary>A fault window opened (a slow accelerator, a degraded NIC) or an instance was lost.</summary>
    FaultStarted,

    /// <summary>A fault window closed.</summary>
    FaultEnded,

    /// <summary>The expert router re-placed experts (EPLB rebalance).</summary>
    Rebalance,
}

/// <summary>A rare event of note on the cluster's timeline, for traces and reports.</summary>
/// <param name="Kind">What happened.</param>
/// <param name="At">When.</param>
/// <param name="Pool">Pool it concerns, or null for the whole cluster.</param>
/// <param name="Instance">Instance it concerns within the pool, or -1.</param>
/// <param name="Name">Short label (the fault's key path, "rebalance").</param>
/// <param name="Detail">One-line description.</param>
public sealed record ClusterEvent(ClusterEventKind Kind, SimTime At, string? Pool, int Instance, string Name, string Detail);
