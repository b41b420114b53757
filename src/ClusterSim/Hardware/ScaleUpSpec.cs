using ClusterSim.Engine;
using ClusterSim.Units;

namespace ClusterSim.Hardware;

/// <summary>The scale-up fabric as seen from one accelerator.</summary>
/// <param name="Kind">NVSwitch, Infinity Fabric, torus or Ethernet.</param>
/// <param name="BandwidthPerDirection">Bandwidth per direction per accelerator (half the bidirectional figure vendors quote).</param>
/// <param name="DomainSize">Accelerators in one scale-up domain (8 for HGX, 72 for NVL72, the pod for a TPU torus).</param>
/// <param name="Alpha">Fixed latency of one message end to end, before bandwidth time.</param>
public sealed record ScaleUpSpec(
    ScaleUpKind Kind,
    Sourced<Bandwidth> BandwidthPerDirection,
    Sourced<int> DomainSize,
    Sourced<SimDuration> Alpha);
