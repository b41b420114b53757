namespace ClusterSim.Hardware;

/// <summary>Achieved fractions of peak for one operation class: compute over peak FLOP/s, memory over peak HBM bandwidth.</summary>
/// <param name="Compute">Fraction of peak dense FLOP/s reached when compute-bound, in (0, 1].</param>
/// <param name="Memory">Fraction of peak HBM bandwidth reached when memory-bound, in (0, 1].</param>
public sealed record OperationEfficiency(Sourced<double> Compute, Sourced<double> Memory);

/// <summary>Achieved fractions of link bandwidth for collectives and transfers.</summary>
/// <param name="ScaleUp">Fraction of the scale-up bandwidth per direction reached by large transfers, in (0, 1].</param>
/// <param name="ScaleOut">Fraction of the NIC line rate reached by large transfers, in (0, 1].</param>
public sealed record CommunicationEfficiency(Sourced<double> ScaleUp, Sourced<double> ScaleOut);

/// <summary>Efficiency factors per operation class; the code holds none of these numbers.</summary>
/// <param name="Gemm">Dense matrix multiplications.</param>
/// <param name="Attention">The attention core.</param>
/// <param name="MemoryBound">Element-wise and reduction kernels.</param>
/// <param name="Communication">Link efficiencies used by the fabric.</param>
public sealed record EfficiencyTable(
    OperationEfficiency Gemm,
    OperationEfficiency Attention,
    OperationEfficiency MemoryBound,
    CommunicationEfficiency Communication)
{
    /// <summary>The compute and memory efficiencies of a class the roofline prices.</summary>
    /// <exception cref="ArgumentException">For <see cref="OperationClass.Communication"/>, which the fabric prices.</exception>
    public OperationEfficiency For(OperationClass operationClass) => operationClass switch
    {
        OperationClass.Gemm => Gemm,
        OperationClass.Attention => Attention,
        OperationClass.MemoryBound => MemoryBound,
        OperationClass.Communication => throw new ArgumentException(
            "communication is priced by the fabric with Communication.ScaleUp/ScaleOut, not by the roofline", nameof(operationClass)),
        _ => throw new ArgumentOutOfRangeException(nameof(operationClass), operationClass, "unknown operation class"),
    };
}
