namespace ClusterSim.Engine.Monitoring;

/// <summary>
/// Streaming quantiles (p50, p90, p99, ...) of non-negative samples without storing them: a log-bucketed
/// histogram in the manner of DDSketch, mergeable, with a guaranteed relative accuracy.
/// </summary>
/// <remarks>
/// A sample x &gt; 0 falls in bucket i = ceil(log(x) / log(gamma)) with gamma = (1 + a) / (1 - a); the
/// bucket's representative 2·gamma^i / (gamma + 1) is within a relative error a of every value in the
/// bucket, so every reported quantile is within a of a true sample at that rank. Memory grows with the
/// logarithm of the value range (about 1,200 buckets span nine decades at a = 1 %). Zero is counted apart.
/// </remarks>
public sealed class QuantileSketch
{
    private readonly double _logGamma;
    private long[] _counts = new long[128];
    private int _offset;
    private int _usedLow = int.MaxValue;
    private int _usedHigh = int.MinValue;
    private long _zeroCount;

    // The bucket of the last positive sample: a decode step adds the same interval for every request it advanced, so
    // remembering it saves the logarithm for all but the first (same value, same bucket: exact).
    private double _lastValue = double.NaN;
    private int _lastIndex;

    /// <summary>A sketch whose quantiles are within <paramref name="relativeAccuracy"/> (default 1 %) of true values.</summary>
    public QuantileSketch(double relativeAccuracy = 0.01)
    {
        if (!(relativeAccuracy is > 0 and < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(relativeAccuracy), relativeAccuracy, "Relative accuracy must lie in (0, 1).");
        }

        RelativeAccuracy = relativeAccuracy;
        Gamma = (1 + relativeAccuracy) / (1 - relativeAccuracy);
        _logGamma = Math.Log(Gamma);
    }

    /// <summary>The guaranteed relative accuracy of every quantile.</summary>
    public double RelativeAccuracy { get; }

    /// <summary>The ratio between consecutive bucket bounds.</summary>
    public double Gamma { get; }

    /// <summary>How many samples were added.</summary>
    public long Count { get; private set; }

    /// <summary>The sum of all samples (exact).</summary>
    public double Sum { get; private set; }

    /// <summary>The smallest sample (exact), or NaN when empty.</summary>
    public double Min { get; private set; } = double.NaN;

    /// <summary>The largest sample (exact), or NaN when empty.</summary>
    public double Max { get; private set; } = double.NaN;

    /// <summary>The arithmetic mean (exact), or NaN when empty.</summary>
    public double Mean => Count == 0 ? double.NaN : Sum / Count;

    /// <summary>Adds one sample; negative, NaN and infinite samples are refused.</summary>
    public void Add(double value) => Add(value, 1);

    /// <summary>Adds <paramref name="count"/> copies of a sample.</summary>
    public void Add(double value, long count) => AddRepeated(value, count, 1);

    /// <summary>
    /// Adds <paramref name="repeats"/> samples of <paramref name="value"/>, each of weight <paramref name="count"/>:
    /// the same sketch, to the last bit of <see cref="Sum"/>, as <paramref name="repeats"/> calls of
    /// <see cref="Add(double, long)"/>, for one bucket look-up.
    /// </summary>
    /// <remarks>
    /// The sum is still added one sample at a time: floating-point addition is not associative, so adding
    /// value·count·repeats at once could round differently from the repeated adds (and from a run that reported the
    /// samples one by one). Everything else is exact integer counting or an idempotent minimum and maximum.
    /// </remarks>
    public void AddRepeated(double value, long count, long repeats)
    {
        if (!(value >= 0) || double.IsInfinity(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "Quantile sketch samples must be finite and non-negative.");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(repeats);
        var weighted = value * count;
        var sum = Sum;
        for (long i = 0; i < repeats; i++)
        {
            sum += weighted;
        }

        Sum = sum;
        var total = count * repeats;
        Count += total;
        Min = Count == total ? value : Math.Min(Min, value);
        Max = Count == total ? value : Math.Max(Max, value);
        if (value == 0)
        {
            _zeroCount += total;
            return;
        }

        if (value != _lastValue)
        {
            _lastIndex = (int)Math.Ceiling(Math.Log(value) / _logGamma);
            _lastValue = value;
        }

        AddToBucket(_lastIndex, total);
    }

    /// <summary>The value at quantile <paramref name="q"/> in [0, 1] (0.5 = median), or NaN when empty.</summary>
    public double Quantile(double q)
    {
        if (!(q is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(q), q, "A quantile must lie in [0, 1].");
        }

        if (Count == 0)
        {
            return double.NaN;
        }

        // Rank of the wanted sample among Count sorted samples (0-based, lower nearest rank).
        var rank = (long)Math.Floor(q * (Count - 1));
        if (rank < _zeroCount)
        {
            return 0;
        }

        var seen = _zeroCount;
        for (var i = _usedLow; i <= _usedHigh; i++)
        {
            seen += _counts[i - _offset];
            if (seen > rank)
            {
                var value = 2 * Math.Exp(i * _logGamma) / (Gamma + 1);
                return Math.Clamp(value, Min, Max);
            }
        }

        return Max;
    }

    /// <summary>Adds every sample of <paramref name="other"/>, which must have the same accuracy.</summary>
    public void Merge(QuantileSketch other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.RelativeAccuracy != RelativeAccuracy)
        {
            throw new ArgumentException("Only sketches with the same relative accuracy can be merged.", nameof(other));
        }

        if (other.Count == 0)
        {
            return;
        }

        Min = Count == 0 ? other.Min : Math.Min(Min, other.Min);
        Max = Count == 0 ? other.Max : Math.Max(Max, other.Max);
        Count += other.Count;
        Sum += other.Sum;
        _zeroCount += other._zeroCount;
        for (var i = other._usedLow; i <= other._usedHigh; i++)
        {
            var c = other._counts[i - other._offset];
            if (c > 0)
            {
                AddToBucket(i, c);
            }
        }
    }

    private void AddToBucket(int index, long count)
    {
        if (_usedLow == int.MaxValue)
        {
            _offset = index - (_counts.Length / 2);
            _usedLow = index;
            _usedHigh = index;
        }

        if (index - _offset < 0 || index - _offset >= _counts.Length)
        {
            Grow(index);
        }

        _counts[index - _offset] += count;
        _usedLow = Math.Min(_usedLow, index);
        _usedHigh = Math.Max(_usedHigh, index);
    }

    private void Grow(int index)
    {
        var low = Math.Min(_usedLow, index);
        var high = Math.Max(_usedHigh, index);
        var length = _counts.Length;
        while (length < (high - low + 1) * 2)
        {
            length *= 2;
        }

        var bigger = new long[length];
        var newOffset = low - ((length - (high - low + 1)) / 2);
        Array.Copy(_counts, _usedLow - _offset, bigger, _usedLow - newOffset, _usedHigh - _usedLow + 1);
        _counts = bigger;
        _offset = newOffset;
    }
}
