namespace ClusterSim.Hardware;

/// <summary>The figures behind one (operation class, data type) roofline and where each came from.</summary>
/// <param name="OperationClass">The class priced.</param>
/// <param name="DataType">The data type of the arithmetic.</param>
/// <param name="PeakFlops">Source of the peak dense FLOP/s.</param>
/// <param name="PeakBandwidth">Source of the peak HBM bandwidth.</param>
/// <param name="ComputeEfficiency">The compute efficiency factor applied, with its source.</param>
/// <param name="MemoryEfficiency">The memory efficiency factor applied, with its source.</param>
/// <param name="LaunchOverhead">Source of the kernel launch overhead.</param>
public sealed record RooflineProvenance(
    OperationClass OperationClass,
    DataType DataType,
    Source PeakFlops,
    Source PeakBandwidth,
    Sourced<double> ComputeEfficiency,
    Sourced<double> MemoryEfficiency,
    Source LaunchOverhead);
