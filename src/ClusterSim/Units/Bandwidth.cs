namespace ClusterSim.Units;

/// <summary>A data rate in bytes per second ("4.8 TB/s", "900 GB/s", "400 Gb/s", "400 Gbps").</summary>
/// <remarks>
/// Byte rates use an upper-case B and bit rates a lower-case b, as vendors write them; a bit rate is divided
/// by 8. Prefixes are decimal SI except the binary KiB/s, MiB/s, GiB/s, TiB/s.
/// </remarks>
public readonly record struct Bandwidth(double BytesPerSecond) : IComparable<Bandwidth>
{
    /// <summary>The accepted forms, for error messages.</summary>
    public const string AcceptedForms =
        "a number and a byte rate (B/s, kB/s, MB/s, GB/s, TB/s, or KiB/s, MiB/s, GiB/s, TiB/s) or a bit rate " +
        "(b/s, kb/s, Mb/s, Gb/s, Tb/s, or kbps, Mbps, Gbps, Tbps), for example \"4.8 TB/s\", \"900 GB/s\", \"400 Gb/s\", \"400 Gbps\"";

    /// <summary>No bandwidth.</summary>
    public static readonly Bandwidth Zero = new(0);

    /// <summary>Rate in decimal gigabytes per second.</summary>
    public double GigabytesPerSecond => BytesPerSecond / 1e9;

    /// <summary>Rate in bits per second.</summary>
    public double BitsPerSecond => BytesPerSecond * 8;

    /// <summary>A rate from decimal gigabytes per second.</summary>
    public static Bandwidth FromGigabytesPerSecond(double gigabytesPerSecond) => new(gigabytesPerSecond * 1e9);

    /// <summary>A rate from decimal gigabits per second (network line rates).</summary>
    public static Bandwidth FromGigabitsPerSecond(double gigabitsPerSecond) => new(gigabitsPerSecond * 1e9 / 8);

    /// <summary>Parses "4.8 TB/s" or "400 Gbps"; throws <see cref="UnitFormatException"/> naming the accepted forms.</summary>
    public static Bandwidth Parse(string text) =>
        TryParse(text, out var rate) ? rate : throw new UnitFormatException(text, "bandwidth", AcceptedForms);

    /// <summary>Parses a bandwidth; false when the text is not one of <see cref="AcceptedForms"/>.</summary>
    public static bool TryParse(string? text, out Bandwidth rate)
    {
        rate = Zero;
        if (!QuantityText.TrySplit(text, out var number, out var unit))
        {
            return false;
        }

        var scale = UnitScale(unit);
        if (scale is null)
        {
            return false;
        }

        rate = new Bandwidth(number * scale.Value);
        return true;
    }

    private static double? UnitScale(string unit)
    {
        if (unit.EndsWith("/s", StringComparison.Ordinal))
        {
            var perSecond = unit[..^2];
            return ByteSize.UnitScale(perSecond) ?? BitScale(perSecond);
        }

        if (unit.EndsWith("bps", StringComparison.Ordinal))
        {
            // "Gbps" is written with the bit b; "GBps" is rare and ambiguous in practice, so it is refused.
            return BitScale(unit[..^2]);
        }

        return null;
    }

    /// <summary>Bytes per second for one unit of a bit rate written as "Gb" (before "/s" or "ps").</summary>
    private static double? BitScale(string unit) => unit switch
    {
        "b" => 1.0 / 8,
        "kb" or "Kb" => 1e3 / 8,
        "Mb" => 1e6 / 8,
        "Gb" => 1e9 / 8,
        "Tb" => 1e12 / 8,
        _ => null,
    };

    /// <summary>Seconds to move an amount of data at this rate.</summary>
    public double SecondsFor(ByteSize size) => size.Bytes / BytesPerSecond;

    /// <inheritdoc />
    public int CompareTo(Bandwidth other) => BytesPerSecond.CompareTo(other.BytesPerSecond);

    /// <summary>Sum of two rates.</summary>
    public static Bandwidth operator +(Bandwidth a, Bandwidth b) => new(a.BytesPerSecond + b.BytesPerSecond);

    /// <summary>A rate scaled by a factor (an efficiency, a number of links).</summary>
    public static Bandwidth operator *(Bandwidth a, double factor) => new(a.BytesPerSecond * factor);

    /// <summary>Ordering.</summary>
    public static bool operator <(Bandwidth a, Bandwidth b) => a.BytesPerSecond < b.BytesPerSecond;

    /// <summary>Ordering.</summary>
    public static bool operator >(Bandwidth a, Bandwidth b) => a.BytesPerSecond > b.BytesPerSecond;

    /// <summary>Ordering.</summary>
    public static bool operator <=(Bandwidth a, Bandwidth b) => a.BytesPerSecond <= b.BytesPerSecond;

    /// <summary>Ordering.</summary>
    public static bool operator >=(Bandwidth a, Bandwidth b) => a.BytesPerSecond >= b.BytesPerSecond;

    /// <summary>Formats as a byte rate in the largest decimal prefix ("4.8 TB/s", "50 GB/s").</summary>
    public override string ToString() => DecimalPrefix.Format(BytesPerSecond, "B/s");
}
