namespace ClusterSim.Units;

/// <summary>A compute rate in floating-point operations per second ("989.5 TFLOPS", "2.25 PFLOPS").</summary>
/// <remarks>
/// Accepts FLOPS or FLOP/s after a decimal prefix G, T, P or E, in any letter case ("TFLOPs" is common).
/// Rates are dense (no structured sparsity); the catalog states this once.
/// </remarks>
public readonly record struct FlopRate(double FlopsPerSecond) : IComparable<FlopRate>
{
    /// <summary>The accepted forms, for error messages.</summary>
    public const string AcceptedForms =
        "a number and one of GFLOPS, TFLOPS, PFLOPS, EFLOPS (or GFLOP/s, TFLOP/s, PFLOP/s, EFLOP/s), for example \"989.5 TFLOPS\", \"2.25 PFLOPS\", \"989.5 TFLOP/s\"";

    /// <summary>No compute.</summary>
    public static readonly FlopRate Zero = new(0);

    /// <summary>Rate in TFLOP/s.</summary>
    public double Teraflops => FlopsPerSecond / 1e12;

    /// <summary>A rate from TFLOP/s.</summary>
    public static FlopRate FromTeraflops(double teraflops) => new(teraflops * 1e12);

    /// <summary>Parses "989.5 TFLOPS"; throws <see cref="UnitFormatException"/> naming the accepted forms.</summary>
    public static FlopRate Parse(string text) =>
        TryParse(text, out var rate) ? rate : throw new UnitFormatException(text, "FLOP rate", AcceptedForms);

    /// <summary>Parses a FLOP rate; false when the text is not one of <see cref="AcceptedForms"/>.</summary>
    public static bool TryParse(string? text, out FlopRate rate)
    {
        rate = Zero;
        if (!QuantityText.TrySplit(text, out var number, out var unit))
        {
            return false;
        }

        var lower = unit.ToLowerInvariant();
        string prefix;
        if (lower.EndsWith("flops", StringComparison.Ordinal))
        {
            prefix = lower[..^5];
        }
        else if (lower.EndsWith("flop/s", StringComparison.Ordinal))
        {
            prefix = lower[..^6];
        }
        else
        {
            return false;
        }

        double? scale = prefix switch
        {
            "" => 1,
            "g" => 1e9,
            "t" => 1e12,
            "p" => 1e15,
            "e" => 1e18,
            _ => null,
        };
        if (scale is null)
        {
            return false;
        }

        rate = new FlopRate(number * scale.Value);
        return true;
    }

    /// <inheritdoc />
    public int CompareTo(FlopRate other) => FlopsPerSecond.CompareTo(other.FlopsPerSecond);

    /// <summary>A rate scaled by a factor (an efficiency).</summary>
    public static FlopRate operator *(FlopRate a, double factor) => new(a.FlopsPerSecond * factor);

    /// <summary>Ordering.</summary>
    public static bool operator <(FlopRate a, FlopRate b) => a.FlopsPerSecond < b.FlopsPerSecond;

    /// <summary>Ordering.</summary>
    public static bool operator >(FlopRate a, FlopRate b) => a.FlopsPerSecond > b.FlopsPerSecond;

    /// <summary>Ordering.</summary>
    public static bool operator <=(FlopRate a, FlopRate b) => a.FlopsPerSecond <= b.FlopsPerSecond;

    /// <summary>Ordering.</summary>
    public static bool operator >=(FlopRate a, FlopRate b) => a.FlopsPerSecond >= b.FlopsPerSecond;

    /// <summary>Formats in the largest decimal prefix ("989.5 TFLOP/s", "2.25 PFLOP/s").</summary>
    public override string ToString() => DecimalPrefix.Format(FlopsPerSecond, "FLOP/s");
}
