namespace ClusterSim.Telemetry;

/// <summary>
/// Every sample of a per-request latency (one value per request), kept so that percentiles are exact rather than
/// sketched: a run has at most a few million requests, so eight bytes each is cheap, and exact figures let a
/// <c>compare</c> gate resolve changes finer than a sketch's bucket width.
/// </summary>
/// <remarks>
/// Percentiles use linear interpolation between the closest ranks (Hyndman and Fan's definition 7, the default of
/// NumPy and of spreadsheet PERCENTILE.INC): with n sorted samples x[0..n−1] and h = q·(n − 1), the q-quantile is
/// x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋ + 1] − x[⌊h⌋]). The 0- and 1-quantiles are the minimum and maximum.
/// </remarks>
public sealed class LatencySamples
{
    private readonly List<double> _values = [];
    private double[]? _sorted;

    /// <summary>How many samples were added.</summary>
    public long Count => _values.Count;

    /// <summary>The sum of all samples, added in arrival order.</summary>
    public double Sum { get; private set; }

    /// <summary>The arithmetic mean, or NaN when empty.</summary>
    public double Mean => _values.Count == 0 ? double.NaN : Sum / _values.Count;

    /// <summary>The largest sample, or NaN when empty.</summary>
    public double Max { get; private set; } = double.NaN;

    /// <summary>The samples in the order they were added.</summary>
    public IReadOnlyList<double> Values => _values;

    /// <summary>Adds one sample; NaN and infinite samples are refused (they would be a bug upstream).</summary>
    public void Add(double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "Latency samples must be finite.");
        }

        _values.Add(value);
        Sum += value;
        Max = _values.Count == 1 ? value : Math.Max(Max, value);
        _sorted = null;
    }

    /// <summary>The exact q-quantile (q in [0, 1]) by linear interpolation between closest ranks; NaN when empty.</summary>
    public double Quantile(double q)
    {
        if (!(q is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(q), q, "A quantile must lie in [0, 1].");
        }

        if (_values.Count == 0)
        {
            return double.NaN;
        }

        // Sorted once per batch of reads; the summary asks for three quantiles in a row.
        if (_sorted is null)
        {
            _sorted = [.. _values];
            Array.Sort(_sorted);
        }

        var h = q * (_sorted.Length - 1);
        var low = (int)Math.Floor(h);
        var high = Math.Min(low + 1, _sorted.Length - 1);
        return _sorted[low] + ((h - low) * (_sorted[high] - _sorted[low]));
    }
}
