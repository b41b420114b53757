using ClusterSim.Units;

namespace ClusterSim.Hardware;

/// <summary>
/// Prices operators on one accelerator with the roofline:
/// time = max(flops / (peak · eff_compute), bytes / (bw · eff_memory)) + launch overhead.
/// </summary>
/// <remarks>
/// Build one per accelerator spec and reuse it: the effective rates of every (operation class, data type)
/// pair are precomputed as nanoseconds per FLOP and per byte, so <see cref="Price"/> is two multiplications,
/// a comparison and no allocation.
/// </remarks>
public sealed class RooflineModel
{
    private static readonly int TypeCount = Enum.GetValues<DataType>().Length;
    private static readonly int ClassCount = Enum.GetValues<OperationClass>().Length;

    // Indexed [class * TypeCount + type]; NaN marks a data type the accelerator has no peak for.
    private readonly double[] nanosecondsPerFlop;
    private readonly double[] nanosecondsPerByte;
    private readonly RooflineProvenance?[] provenance;
    private readonly double launchNanoseconds;

    /// <summary>Precomputes effective rates for every priced class and supported data type of the spec.</summary>
    public RooflineModel(AcceleratorSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        Spec = spec;
        nanosecondsPerFlop = new double[ClassCount * TypeCount];
        nanosecondsPerByte = new double[ClassCount];
        provenance = new RooflineProvenance?[ClassCount * TypeCount];
        Array.Fill(nanosecondsPerFlop, double.NaN);
        Array.Fill(nanosecondsPerByte, double.NaN);
        launchNanoseconds = spec.KernelLaunchOverhead.Value.Nanoseconds;
        var bandwidth = spec.Hbm.Bandwidth;

        foreach (var operationClass in OperationClasses.Compute)
        {
            var efficiency = spec.Efficiency.For(operationClass);
            var c = (int)operationClass;
            nanosecondsPerByte[c] = 1e9 / (bandwidth.Value.BytesPerSecond * efficiency.Memory.Value);
            foreach (var (type, peak) in spec.PeakDenseFlops)
            {
                var i = c * TypeCount + (int)type;
                nanosecondsPerFlop[i] = 1e9 / (peak.Value.FlopsPerSecond * efficiency.Compute.Value);
                provenance[i] = new RooflineProvenance(
                    operationClass, type, peak.Source, bandwidth.Source, efficiency.Compute, efficiency.Memory,
                    spec.KernelLaunchOverhead.Source);
            }
        }
    }

    /// <summary>The accelerator priced.</summary>
    public AcceleratorSpec Spec { get; }

    /// <summary>Prices one operator.</summary>
    /// <param name="flops">Floating-point operations, at least 0.</param>
    /// <param name="bytes">HBM bytes read plus written, at least 0.</param>
    /// <param name="operationClass">Gemm, attention or memory-bound (communication is the fabric's).</param>
    /// <param name="dataType">The data type of the arithmetic, which selects the peak.</param>
    /// <exception cref="NotSupportedException">When the accelerator has no peak for <paramref name="dataType"/>.</exception>
    public PricedOperator Price(double flops, double bytes, OperationClass operationClass, DataType dataType)
    {
        var i = (int)operationClass * TypeCount + (int)dataType;
        var c = (int)operationClass;
        // One range check covers both tables; NaN per FLOP marks an unsupported type or the communication class.
        if ((uint)dataType >= (uint)TypeCount || (uint)c >= (uint)nanosecondsPerByte.Length
            || double.IsNaN(nanosecondsPerFlop[i]) || !(flops >= 0) || !(bytes >= 0))
        {
            ThrowInvalid(flops, bytes, operationClass, dataType);
        }

        var computeNs = flops * nanosecondsPerFlop[i];
        var memoryNs = bytes * nanosecondsPerByte[c];
        var bound = computeNs >= memoryNs ? RooflineBound.Compute : RooflineBound.Memory;
        var busyNs = bound == RooflineBound.Compute ? computeNs : memoryNs;
        return new PricedOperator(busyNs + launchNanoseconds, computeNs, memoryNs, launchNanoseconds, bound, provenance[i]!);
    }

    /// <summary>Peak ridge point in FLOP per byte: peak dense FLOP/s over peak HBM bytes/s.</summary>
    public double RidgePoint(DataType dataType) => Spec.RidgePoint(dataType);

    /// <summary>Ridge point with the class's efficiency factors applied: where that class turns compute-bound.</summary>
    public double EffectiveRidgePoint(OperationClass operationClass, DataType dataType)
    {
        var i = Index(operationClass, dataType);
        return nanosecondsPerByte[(int)operationClass] / nanosecondsPerFlop[i];
    }

    /// <summary>Peak FLOP/s times the class's compute efficiency.</summary>
    public FlopRate EffectiveFlops(OperationClass operationClass, DataType dataType) =>
        new(1e9 / nanosecondsPerFlop[Index(operationClass, dataType)]);

    /// <summary>Peak HBM bandwidth times the class's memory efficiency.</summary>
    public Bandwidth EffectiveBandwidth(OperationClass operationClass)
    {
        _ = Spec.Efficiency.For(operationClass);
        return new(1e9 / nanosecondsPerByte[(int)operationClass]);
    }

    /// <summary>The provenance of one class and type, as attached to every priced operator.</summary>
    public RooflineProvenance Provenance(OperationClass operationClass, DataType dataType) =>
        provenance[Index(operationClass, dataType)]!;

    private void ThrowInvalid(double flops, double bytes, OperationClass operationClass, DataType dataType)
    {
        _ = Index(operationClass, dataType);
        throw new ArgumentOutOfRangeException(
            nameof(flops), $"an operator needs non-negative FLOPs and bytes; got flops={flops}, bytes={bytes}");
    }

    private int Index(OperationClass operationClass, DataType dataType)
    {
        var i = (int)operationClass * TypeCount + (int)dataType;
        if ((uint)dataType >= (uint)TypeCount || (uint)i >= (uint)provenance.Length || provenance[i] is null)
        {
            // Slow path only on error: let the spec and the efficiency table produce the clear message.
            _ = Spec.Efficiency.For(operationClass);
            _ = Spec.PeakFlopsFigure(dataType);
            throw new ArgumentOutOfRangeException(nameof(dataType), dataType, "no roofline for this class and type");
        }

        return i;
    }
}
