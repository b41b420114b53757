using ClusterSim.Engine;

namespace ClusterSim.Fabric;

/// <summary>Which part of the fabric a link belongs to, for accounting bytes by class.</summary>
public enum LinkClass
{
    /// <summary>Scale-up links (NVLink, Infinity Fabric, ICI).</summary>
    ScaleUp,

    /// <summary>Scale-out links (NIC to leaf, leaf to spine).</summary>
    ScaleOut,

    /// <summary>Host links (PCIe) used for KV-cache offload.</summary>
    Host,
}

/// <summary>One directional link: its name for telemetry, its class, per-direction bandwidth and latency.</summary>
public sealed record LinkSpec(string Name, LinkClass Class, double BytesPerSecond, SimDuration Latency);
