using System.Globalization;

namespace ClusterSim.Engine;

/// <summary>An instant of simulated time: an integer count of nanoseconds since the start of the run.</summary>
/// <remarks>
/// Implementation note: a 64-bit nanosecond count covers about 292 years of simulated time with exact
/// arithmetic, so ordering and equality never suffer from floating-point rounding. Arithmetic is checked:
/// an overflow is a bug and fails loudly.
/// </remarks>
public readonly record struct SimTime(long Nanoseconds) : IComparable<SimTime>
{
    /// <summary>The start of every run.</summary>
    public static readonly SimTime Zero = new(0);

    /// <summary>The largest representable instant; used as "never".</summary>
    public static readonly SimTime MaxValue = new(long.MaxValue);

    /// <summary>Seconds since the start of the run, for reporting.</summary>
    public double TotalSeconds => Nanoseconds / 1e9;

    /// <summary>Milliseconds since the start of the run, for reporting.</summary>
    public double TotalMilliseconds => Nanoseconds / 1e6;

    /// <summary>Microseconds since the start of the run (the Chrome trace unit).</summary>
    public double TotalMicroseconds => Nanoseconds / 1e3;

    /// <summary>The instant a number of seconds after the start, rounded to the nearest nanosecond.</summary>
    public static SimTime FromSeconds(double seconds) => new(SimDuration.FromSeconds(seconds).Nanoseconds);

    /// <inheritdoc />
    public int CompareTo(SimTime other) => Nanoseconds.CompareTo(other.Nanoseconds);

    /// <summary>Later instant by a duration.</summary>
    public static SimTime operator +(SimTime t, SimDuration d) => new(checked(t.Nanoseconds + d.Nanoseconds));

    /// <summary>Earlier instant by a duration.</summary>
    public static SimTime operator -(SimTime t, SimDuration d) => new(checked(t.Nanoseconds - d.Nanoseconds));

    /// <summary>The duration between two instants.</summary>
    public static SimDuration operator -(SimTime a, SimTime b) => new(checked(a.Nanoseconds - b.Nanoseconds));

    /// <summary>Ordering.</summary>
    public static bool operator <(SimTime a, SimTime b) => a.Nanoseconds < b.Nanoseconds;

    /// <summary>Ordering.</summary>
    public static bool operator >(SimTime a, SimTime b) => a.Nanoseconds > b.Nanoseconds;

    /// <summary>Ordering.</summary>
    public static bool operator <=(SimTime a, SimTime b) => a.Nanoseconds <= b.Nanoseconds;

    /// <summary>Ordering.</summary>
    public static bool operator >=(SimTime a, SimTime b) => a.Nanoseconds >= b.Nanoseconds;

    /// <summary>The later of two instants.</summary>
    public static SimTime Max(SimTime a, SimTime b) => a.Nanoseconds >= b.Nanoseconds ? a : b;

    /// <summary>The earlier of two instants.</summary>
    public static SimTime Min(SimTime a, SimTime b) => a.Nanoseconds <= b.Nanoseconds ? a : b;

    /// <summary>Formats as a duration since the start in the most readable unit ("t=1.5 ms").</summary>
    public override string ToString() => "t=" + new SimDuration(Nanoseconds).ToString();
}
