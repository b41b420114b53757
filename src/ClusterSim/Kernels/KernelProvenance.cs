namespace ClusterSim.Kernels;

/// <summary>Where a table answer came from, so a priced operator can say how much of it was measured.</summary>
public enum KernelProvenance
{
    /// <summary>No table value: the shape lies outside the measured range (or on no measured line); use the roofline.</summary>
    None,

    /// <summary>A row of the table matched the shape exactly.</summary>
    Measured,

    /// <summary>Interpolated in log space between measured rows.</summary>
    Interpolated,
}
