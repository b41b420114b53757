namespace ClusterSim.Hardware;

/// <summary>Families of operators that reach different fractions of peak; each has its own efficiency factors.</summary>
public enum OperationClass
{
    /// <summary>Dense matrix multiplications: projections, dense FFN, expert GEMMs.</summary>
    Gemm,

    /// <summary>The attention core (scores, softmax, values), e.g. FlashAttention or FlashMLA kernels.</summary>
    Attention,

    /// <summary>Element-wise and reduction kernels bounded by memory: norms, activations, RoPE, routing.</summary>
    MemoryBound,

    /// <summary>Collectives and point-to-point transfers; priced by the fabric with the link efficiencies.</summary>
    Communication,
}

/// <summary>Names of <see cref="OperationClass"/> values as written in files.</summary>
public static class OperationClasses
{
    /// <summary>The classes a roofline prices (communication goes through the fabric).</summary>
    public static readonly IReadOnlyList<OperationClass> Compute =
        [OperationClass.Gemm, OperationClass.Attention, OperationClass.MemoryBound];

    /// <summary>The key used in hardware files ("memory_bound").</summary>
    public static string Name(this OperationClass operationClass) => operationClass switch
    {
        OperationClass.Gemm => "gemm",
        OperationClass.Attention => "attention",
        OperationClass.MemoryBound => "memory_bound",
        OperationClass.Communication => "communication",
        _ => throw new ArgumentOutOfRangeException(nameof(operationClass), operationClass, "unknown operation class"),
    };
}
