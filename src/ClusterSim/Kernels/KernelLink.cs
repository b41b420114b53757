namespace ClusterSim.Kernels;

/// <summary>The link that bounds a communication kernel's measurement; compute kernels have none.</summary>
public enum KernelLink
{
    /// <summary>A compute kernel: no link column.</summary>
    None,

    /// <summary>The scale-up fabric (NVLink inside a node or domain).</summary>
    NvLink,

    /// <summary>The scale-out network (RDMA over InfiniBand or RoCE).</summary>
    Rdma,
}
