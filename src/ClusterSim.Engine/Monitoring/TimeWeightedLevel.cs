namespace ClusterSim.Engine.Monitoring;

/// <summary>
/// A quantity that holds its value between changes (queue length, busy servers, bytes in use), with its
/// time-weighted mean, minimum and maximum over simulated time.
/// </summary>
/// <remarks>The mean is the integral of the level over time divided by the elapsed time since the start.</remarks>
public sealed class TimeWeightedLevel
{
    private double _area;
    private SimTime _lastChange;

    /// <summary>A level that starts at <paramref name="start"/> with value <paramref name="initial"/>.</summary>
    public TimeWeightedLevel(SimTime start, double initial = 0)
    {
        Start = start;
        _lastChange = start;
        Current = initial;
        Min = initial;
        Max = initial;
    }

    /// <summary>When observation began.</summary>
    public SimTime Start { get; }

    /// <summary>The value now.</summary>
    public double Current { get; private set; }

    /// <summary>The smallest value held so far.</summary>
    public double Min { get; private set; }

    /// <summary>The largest value held so far.</summary>
    public double Max { get; private set; }

    /// <summary>Sets the level at instant <paramref name="at"/>, which must not precede the previous change.</summary>
    public void Record(SimTime at, double value)
    {
        if (at < _lastChange)
        {
            throw new ArgumentOutOfRangeException(nameof(at), at, $"Level changes must not go back in time (last change {_lastChange}).");
        }

        _area += Current * (at - _lastChange).Nanoseconds;
        _lastChange = at;
        Current = value;
        Min = Math.Min(Min, value);
        Max = Math.Max(Max, value);
    }

    /// <summary>Adds <paramref name="delta"/> to the level at instant <paramref name="at"/>.</summary>
    public void Add(SimTime at, double delta) => Record(at, Current + delta);

    /// <summary>The integral of the level from the start to <paramref name="until"/>, in value·seconds.</summary>
    public double Integral(SimTime until)
    {
        if (until < _lastChange)
        {
            throw new ArgumentOutOfRangeException(nameof(until), until, $"Cannot integrate to before the last change ({_lastChange}).");
        }

        return (_area + Current * (until - _lastChange).Nanoseconds) / 1e9;
    }

    /// <summary>The time-weighted mean from the start to <paramref name="until"/> (the current value for an empty span).</summary>
    public double Mean(SimTime until)
    {
        var span = (until - Start).TotalSeconds;
        return span <= 0 ? Current : Integral(until) / span;
    }
}
