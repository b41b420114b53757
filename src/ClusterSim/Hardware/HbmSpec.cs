using ClusterSim.Units;

namespace ClusterSim.Hardware;

/// <summary>High-bandwidth memory of one accelerator.</summary>
/// <param name="Capacity">Usable HBM capacity as published.</param>
/// <param name="Bandwidth">Peak HBM bandwidth (read plus write combined).</param>
public sealed record HbmSpec(Sourced<ByteSize> Capacity, Sourced<Bandwidth> Bandwidth);
