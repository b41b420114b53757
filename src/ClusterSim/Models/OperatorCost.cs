using ClusterSim.Hardware;

namespace ClusterSim.Models;

/// <summary>FLOPs and HBM traffic of one operator on one device for one step (or, for communication, bytes sent and received).</summary>
/// <param name="Kind">Which operator.</param>
/// <param name="Class">How it is priced.</param>
/// <param name="Flops">Floating-point operations (a multiply-add counts 2).</param>
/// <param name="BytesRead">HBM bytes read; for communication, bytes this device sends.</param>
/// <param name="BytesWritten">HBM bytes written; for communication, bytes this device receives.</param>
/// <param name="ComputeType">Format the math runs in (selects the peak FLOP rate).</param>
/// <param name="Shape">For a GEMM, the shape of one call (the FLOPs may cover several calls, one per layer); default when unknown or not a GEMM.</param>
/// <param name="Attention">For the attention core, its shape in the keys of an attention kernel table (one call per operator); default when no table applies.</param>
public readonly record struct OperatorCost(
    OperatorKind Kind,
    OpClass Class,
    double Flops,
    double BytesRead,
    double BytesWritten,
    DataType ComputeType,
    GemmShape Shape = default,
    AttentionShape Attention = default)
{
    /// <summary>Calls of <see cref="Shape"/> the operator stands for (its FLOPs over one call's), 0 when the shape is unknown.</summary>
    public double Calls => Shape.IsKnown && Flops > 0 ? Flops / Shape.Flops : 0;

    /// <summary>Bytes read plus bytes written.</summary>
    public double Bytes => BytesRead + BytesWritten;

    /// <summary>FLOPs per byte of HBM traffic; 0 when no bytes move.</summary>
    public double ArithmeticIntensity => Bytes > 0 ? Flops / Bytes : 0;

    /// <summary>The same operator repeated <paramref name="times"/> times (for layer counts).</summary>
    public OperatorCost Times(double times) => this with { Flops = Flops * times, BytesRead = BytesRead * times, BytesWritten = BytesWritten * times };
}

/// <summary>Sums over spans of operator costs.</summary>
public static class OperatorCosts
{
    /// <summary>Total FLOPs of the non-communication operators.</summary>
    public static double TotalFlops(ReadOnlySpan<OperatorCost> costs)
    {
        double sum = 0;
        foreach (ref readonly var c in costs)
        {
            sum += c.Flops;
        }

        return sum;
    }

    /// <summary>Total HBM bytes (read plus written) of the non-communication operators.</summary>
    public static double TotalHbmBytes(ReadOnlySpan<OperatorCost> costs)
    {
        double sum = 0;
        foreach (ref readonly var c in costs)
        {
            if (c.Class != OpClass.Communication)
            {
                sum += c.Bytes;
            }
        }

        return sum;
    }

    /// <summary>Total bytes sent by communication operators.</summary>
    public static double TotalBytesSent(ReadOnlySpan<OperatorCost> costs)
    {
        double sum = 0;
        foreach (ref readonly var c in costs)
        {
            if (c.Class == OpClass.Communication)
            {
                sum += c.BytesRead;
            }
        }

        return sum;
    }

    /// <summary>The first cost of the given kind, or null.</summary>
    public static OperatorCost? Find(ReadOnlySpan<OperatorCost> costs, OperatorKind kind)
    {
        foreach (ref readonly var c in costs)
        {
            if (c.Kind == kind)
            {
                return c;
            }
        }

        return null;
    }
}
