using System.Globalization;

namespace ClusterSim.Engine;

/// <summary>A span of simulated time: an integer count of nanoseconds (may be negative in arithmetic).</summary>
/// <remarks>
/// Parsing accepts a number followed by one unit: ns, us (or µs), ms, s, m (or min), h, for example
/// "2 us", "1.5 ms", "10 m". Results round to the nearest nanosecond. Parsing is strict: a missing or
/// unknown unit is refused with the accepted forms.
/// </remarks>
public readonly record struct SimDuration(long Nanoseconds) : IComparable<SimDuration>
{
    /// <summary>No time at all.</summary>
    public static readonly SimDuration Zero = new(0);

    /// <summary>The accepted unit suffixes, for error messages.</summary>
    public const string AcceptedUnits = "ns, us, ms, s, m, h (for example \"2 us\", \"1.5 ms\", \"10 m\")";

    /// <summary>Length in seconds.</summary>
    public double TotalSeconds => Nanoseconds / 1e9;

    /// <summary>Length in milliseconds.</summary>
    public double TotalMilliseconds => Nanoseconds / 1e6;

    /// <summary>Length in microseconds.</summary>
    public double TotalMicroseconds => Nanoseconds / 1e3;

    /// <summary>A duration from seconds, rounded to the nearest nanosecond.</summary>
    public static SimDuration FromSeconds(double seconds) => FromScaled(seconds, 1e9);

    /// <summary>A duration from milliseconds, rounded to the nearest nanosecond.</summary>
    public static SimDuration FromMilliseconds(double ms) => FromScaled(ms, 1e6);

    /// <summary>A duration from microseconds, rounded to the nearest nanosecond.</summary>
    public static SimDuration FromMicroseconds(double us) => FromScaled(us, 1e3);

    /// <summary>A duration from a whole number of nanoseconds.</summary>
    public static SimDuration FromNanoseconds(long ns) => new(ns);

    private static SimDuration FromScaled(double value, double nsPerUnit)
    {
        var ns = Math.Round(value * nsPerUnit, MidpointRounding.AwayFromZero);
        if (double.IsNaN(ns) || ns > long.MaxValue || ns < long.MinValue)
        {
            throw new OverflowException($"{value.ToString(CultureInfo.InvariantCulture)} does not fit a nanosecond duration.");
        }

        return new SimDuration((long)ns);
    }

    /// <inheritdoc />
    public int CompareTo(SimDuration other) => Nanoseconds.CompareTo(other.Nanoseconds);

    /// <summary>Sum of two durations.</summary>
    public static SimDuration operator +(SimDuration a, SimDuration b) => new(checked(a.Nanoseconds + b.Nanoseconds));

    /// <summary>Difference of two durations.</summary>
    public static SimDuration operator -(SimDuration a, SimDuration b) => new(checked(a.Nanoseconds - b.Nanoseconds));

    /// <summary>Scales a duration by a whole factor.</summary>
    public static SimDuration operator *(SimDuration a, long k) => new(checked(a.Nanoseconds * k));

    /// <summary>Scales a duration by a real factor, rounding to the nearest nanosecond (for example a slowdown factor).</summary>
    public static SimDuration operator *(SimDuration a, double factor) => FromScaled(a.Nanoseconds, factor);

    /// <summary>Scales a duration by a real factor, rounding to the nearest nanosecond.</summary>
    public static SimDuration operator *(double factor, SimDuration a) => FromScaled(a.Nanoseconds, factor);

    /// <summary>Ordering.</summary>
    public static bool operator <(SimDuration a, SimDuration b) => a.Nanoseconds < b.Nanoseconds;

    /// <summary>Ordering.</summary>
    public static bool operator >(SimDuration a, SimDuration b) => a.Nanoseconds > b.Nanoseconds;

    /// <summary>Ordering.</summary>
    public static bool operator <=(SimDuration a, SimDuration b) => a.Nanoseconds <= b.Nanoseconds;

    /// <summary>Ordering.</summary>
    public static bool operator >=(SimDuration a, SimDuration b) => a.Nanoseconds >= b.Nanoseconds;

    /// <summary>The longer of two durations.</summary>
    public static SimDuration Max(SimDuration a, SimDuration b) => a.Nanoseconds >= b.Nanoseconds ? a : b;

    /// <summary>Parses "2 us", "1.5 ms", "10 m"; throws <see cref="FormatException"/> naming the accepted forms.</summary>
    public static SimDuration Parse(string text)
    {
        if (TryParse(text, out var d, out var error))
        {
            return d;
        }

        throw new FormatException(error);
    }

    /// <summary>Parses a human duration; on failure <paramref name="error"/> says what is wrong and what is allowed.</summary>
    public static bool TryParse(string? text, out SimDuration duration, out string error)
    {
        duration = Zero;
        error = string.Empty;
        var s = (text ?? string.Empty).Trim();
        var split = 0;
        while (split < s.Length && (char.IsAsciiDigit(s[split]) || s[split] is '.' or '-' or '+' or 'e' or 'E'))
        {
            // 'e' only counts as an exponent when a digit or sign follows, so "1 ms" and "5e-3 s" both work.
            if (s[split] is 'e' or 'E' && (split + 1 >= s.Length || !(char.IsAsciiDigit(s[split + 1]) || s[split + 1] is '-' or '+')))
            {
                break;
            }

            split++;
        }

        var numberPart = s[..split];
        var unitPart = s[split..].Trim();
        if (!double.TryParse(numberPart, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            error = $"'{text}' is not a duration; expected a number and a unit: {AcceptedUnits}";
            return false;
        }

        double? scale = unitPart switch
        {
            "ns" => 1,
            "us" or "µs" => 1e3,
            "ms" => 1e6,
            "s" => 1e9,
            "m" or "min" => 60e9,
            "h" => 3600e9,
            _ => null,
        };
        if (scale is null)
        {
            error = unitPart.Length == 0
                ? $"'{text}' has no unit; expected one of {AcceptedUnits}"
                : $"'{text}' has an unknown unit '{unitPart}'; expected one of {AcceptedUnits}";
            return false;
        }

        var ns = Math.Round(value * scale.Value, MidpointRounding.AwayFromZero);
        if (ns > long.MaxValue || ns < long.MinValue)
        {
            error = $"'{text}' is too long a duration";
            return false;
        }

        duration = new SimDuration((long)ns);
        return true;
    }

    /// <summary>Formats in the most readable unit with invariant culture ("250 ns", "1.5 ms", "2 s").</summary>
    public override string ToString()
    {
        var abs = Math.Abs((double)Nanoseconds);
        var (value, unit) = abs switch
        {
            < 1e3 => ((double)Nanoseconds, "ns"),
            < 1e6 => (Nanoseconds / 1e3, "us"),
            < 1e9 => (Nanoseconds / 1e6, "ms"),
            _ => (Nanoseconds / 1e9, "s"),
        };
        return value.ToString("0.###", CultureInfo.InvariantCulture) + " " + unit;
    }
}
