using ClusterSim.Hardware;
using ClusterSim.Models;

namespace ClusterSim.Analysis;

/// <summary>
/// The bridge between an operator's description (Models) and the roofline it is priced on (Hardware): which roofline
/// class an operator class uses and which format a chip actually computes a data type in. One place, used by the
/// step pricers and by the closed-form analysis alike, so the two never disagree.
/// </summary>
public static class OperatorRoofline
{
    /// <summary>The roofline class an operator class is priced in (element-wise work is memory-bound).</summary>
    public static OperationClass ClassOf(OpClass opClass) => opClass switch
    {
        OpClass.Gemm => OperationClass.Gemm,
        OpClass.Attention => OperationClass.Attention,
        OpClass.Communication => OperationClass.Communication,
        _ => OperationClass.MemoryBound,
    };

    /// <summary>
    /// The format an operator computes in on <paramref name="spec"/>: <paramref name="type"/> when the chip has a peak
    /// for it, else the nearest wider format it has (MXFP4 experts on an H200 run through FP8 kernels).
    /// </summary>
    public static DataType ComputeTypeOn(AcceleratorSpec spec, DataType type)
    {
        ArgumentNullException.ThrowIfNull(spec);
        DataType[] widening = type switch
        {
            DataType.Fp4 => [DataType.Fp4, DataType.Fp8, DataType.Bf16, DataType.Fp16, DataType.Fp32],
            DataType.Fp8 => [DataType.Fp8, DataType.Bf16, DataType.Fp16, DataType.Fp32],
            DataType.Fp16 => [DataType.Fp16, DataType.Bf16, DataType.Fp32],
            DataType.Bf16 => [DataType.Bf16, DataType.Fp16, DataType.Fp32],
            _ => [DataType.Fp32, DataType.Bf16],
        };
        foreach (var candidate in widening)
        {
            if (spec.Supports(candidate))
            {
                return candidate;
            }
        }

        // No format at or above this one: let the spec throw its message listing the formats it has.
        _ = spec.PeakFlopsFigure(type);
        return type;
    }

    /// <summary><see cref="ComputeTypeOn"/> for every data type, indexed by the enum's value (for hot paths).</summary>
    public static DataType[] ComputeTypeTable(AcceleratorSpec spec) =>
        Enum.GetValues<DataType>().Select(t => ComputeTypeOn(spec, t)).ToArray();
}
