namespace ClusterSim.Hardware;

/// <summary>Which side of the roofline set an operator's time.</summary>
public enum RooflineBound
{
    /// <summary>Arithmetic took longer than moving the bytes.</summary>
    Compute,

    /// <summary>Moving the bytes through HBM took longer than the arithmetic.</summary>
    Memory,
}
