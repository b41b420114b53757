using ClusterSim.Engine;

namespace ClusterSim.Scenarios;

/// <summary>A fault injected into a run (the scenario's <c>faults</c> list).</summary>
public abstract record FaultSpec
{
    /// <summary>The key path of the fault in the file ("faults[0]"), for messages.</summary>
    public required string KeyPath { get; init; }
}

/// <summary>
/// A straggler: one accelerator of an instance runs compute and HBM at <see cref="SpeedFactor"/> of normal over
/// [<see cref="Start"/>, <see cref="End"/>); its attention rank and expert rank slow down, and expert parallelism makes
/// the whole instance wait for it.
/// </summary>
public sealed record StragglerFault(string Pool, int Instance, int Accelerator, double SpeedFactor, SimDuration Start, SimDuration End) : FaultSpec;

/// <summary>
/// A degraded scale-out link: the NIC of accelerator <see cref="Accelerator"/> (cluster-wide index) carries
/// <see cref="BandwidthFactor"/> of its bandwidth over [<see cref="Start"/>, <see cref="End"/>); collectives crossing it
/// are re-priced on the fabric for that window. Factor 0 is a failed NIC: its traffic is relayed through another rail of the node.
/// </summary>
public sealed record LinkFault(int Accelerator, double BandwidthFactor, SimDuration Start, SimDuration End) : FaultSpec;

/// <summary>
/// A lost instance: at <see cref="At"/> the instance stops; its queued and running requests go back to the pool's router
/// and are prefilled again on the instances left (counted as re-queued by fault).
/// </summary>
public sealed record InstanceLossFault(string Pool, int Instance, SimDuration At) : FaultSpec;
