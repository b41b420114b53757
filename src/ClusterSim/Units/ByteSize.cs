namespace ClusterSim.Units;

/// <summary>An amount of memory or data in bytes ("141 GB", "80 GiB").</summary>
/// <remarks>
/// Implementation note: bytes are a double, not a long, because sizes are products of fractional quantities
/// (FP4 is half a byte per element) and feed straight into floating-point roofline arithmetic.
/// GB, TB and friends are decimal SI (1 GB = 1e9 bytes); GiB, TiB are binary (1 GiB = 2^30 bytes).
/// </remarks>
public readonly record struct ByteSize(double Bytes) : IComparable<ByteSize>
{
    /// <summary>The accepted forms, for error messages.</summary>
    public const string AcceptedForms =
        "a number and one of B, kB, MB, GB, TB, PB (decimal) or KiB, MiB, GiB, TiB, PiB (binary), for example \"141 GB\", \"80 GiB\", \"512 MB\"";

    /// <summary>No bytes.</summary>
    public static readonly ByteSize Zero = new(0);

    /// <summary>Size in decimal gigabytes (1e9 bytes).</summary>
    public double Gigabytes => Bytes / 1e9;

    /// <summary>Size in binary gibibytes (2^30 bytes).</summary>
    public double Gibibytes => Bytes / (1024.0 * 1024 * 1024);

    /// <summary>A size from decimal gigabytes.</summary>
    public static ByteSize FromGigabytes(double gigabytes) => new(gigabytes * 1e9);

    /// <summary>A size from binary gibibytes.</summary>
    public static ByteSize FromGibibytes(double gibibytes) => new(gibibytes * 1024.0 * 1024 * 1024);

    /// <summary>Parses "141 GB" or "80 GiB"; throws <see cref="UnitFormatException"/> naming the accepted forms.</summary>
    public static ByteSize Parse(string text) =>
        TryParse(text, out var size) ? size : throw new UnitFormatException(text, "byte size", AcceptedForms);

    /// <summary>Parses a byte size; false when the text is not one of <see cref="AcceptedForms"/>.</summary>
    public static bool TryParse(string? text, out ByteSize size)
    {
        size = Zero;
        if (!QuantityText.TrySplit(text, out var number, out var unit))
        {
            return false;
        }

        var scale = UnitScale(unit);
        if (scale is null)
        {
            return false;
        }

        size = new ByteSize(number * scale.Value);
        return true;
    }

    /// <summary>Bytes per unit for a byte unit ("GB", "GiB"); null when unknown. Case matters: "Gb" is bits.</summary>
    internal static double? UnitScale(string unit) => unit switch
    {
        "B" or "bytes" => 1,
        "kB" or "KB" => 1e3,
        "MB" => 1e6,
        "GB" => 1e9,
        "TB" => 1e12,
        "PB" => 1e15,
        "KiB" => 1024.0,
        "MiB" => 1024.0 * 1024,
        "GiB" => 1024.0 * 1024 * 1024,
        "TiB" => 1024.0 * 1024 * 1024 * 1024,
        "PiB" => 1024.0 * 1024 * 1024 * 1024 * 1024,
        _ => null,
    };

    /// <inheritdoc />
    public int CompareTo(ByteSize other) => Bytes.CompareTo(other.Bytes);

    /// <summary>Sum of two sizes.</summary>
    public static ByteSize operator +(ByteSize a, ByteSize b) => new(a.Bytes + b.Bytes);

    /// <summary>Difference of two sizes.</summary>
    public static ByteSize operator -(ByteSize a, ByteSize b) => new(a.Bytes - b.Bytes);

    /// <summary>A size scaled by a factor.</summary>
    public static ByteSize operator *(ByteSize a, double factor) => new(a.Bytes * factor);

    /// <summary>Ordering.</summary>
    public static bool operator <(ByteSize a, ByteSize b) => a.Bytes < b.Bytes;

    /// <summary>Ordering.</summary>
    public static bool operator >(ByteSize a, ByteSize b) => a.Bytes > b.Bytes;

    /// <summary>Ordering.</summary>
    public static bool operator <=(ByteSize a, ByteSize b) => a.Bytes <= b.Bytes;

    /// <summary>Ordering.</summary>
    public static bool operator >=(ByteSize a, ByteSize b) => a.Bytes >= b.Bytes;

    /// <summary>Formats in the largest decimal unit that keeps the number at least 1 ("141 GB", "512 MB").</summary>
    public override string ToString() => DecimalPrefix.Format(Bytes, "B");
}
