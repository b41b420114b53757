using ClusterSim.Engine;
using ClusterSim.Units;

namespace ClusterSim.Hardware;

/// <summary>The scale-out (inter-node) network as seen from one accelerator.</summary>
/// <param name="NicBandwidthPerAccelerator">Line rate of the NIC share of one accelerator, per direction.</param>
/// <param name="NicsPerNode">Network interfaces in one node.</param>
/// <param name="Alpha">Fixed latency of one message end to end, including software overhead.</param>
public sealed record ScaleOutSpec(
    Sourced<Bandwidth> NicBandwidthPerAccelerator,
    Sourced<int> NicsPerNode,
    Sourced<SimDuration> Alpha);
