namespace ClusterSim.Kernels;

/// <summary>The kernel family a pool's expert all-to-all runs, which selects its dispatch and combine tables.</summary>
public enum AllToAllKernels
{
    /// <summary>No DeepEP kernels (direct routing, no experts): the flow model alone.</summary>
    None,

    /// <summary>DeepEP's normal (high-throughput) kernels: <c>moe-dispatch-normal</c>, <c>moe-combine-normal</c>.</summary>
    Normal,

    /// <summary>DeepEP's low-latency kernels: <c>moe-dispatch-low-latency</c>, <c>moe-combine-low-latency</c>.</summary>
    LowLatency,
}
