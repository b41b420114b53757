using ClusterSim.Engine;

namespace ClusterSim.Experts;

/// <summary>
/// Observed tokens per expert and MoE layer over a sliding window of simulated time, kept as a ring of buckets so old
/// observations fall out without being replayed. What a rebalancer sees, as EPLB's load statistics would.
/// </summary>
public sealed class ExpertLoadWindow
{
    private const int Buckets = 8;
    private readonly long[][] _buckets;
    private readonly long _bucketNs;
    private readonly int _experts;
    private long _currentBucket;

    /// <summary>A window of <paramref name="window"/> over <paramref name="layers"/> layers of <paramref name="experts"/> experts.</summary>
    public ExpertLoadWindow(int layers, int experts, SimDuration window)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(window.Nanoseconds, Buckets);
        _experts = experts;
        _bucketNs = window.Nanoseconds / Buckets;
        _buckets = new long[Buckets][];
        for (var b = 0; b < Buckets; b++)
        {
            _buckets[b] = new long[layers * experts];
        }
    }

    /// <summary>Adds one sampled layer's per-expert counts at <paramref name="now"/>.</summary>
    public void Observe(int layer, ReadOnlySpan<long> counts, SimTime now)
    {
        Advance(now);
        var bucket = _buckets[(int)(_currentBucket % Buckets)].AsSpan(layer * _experts, _experts);
        for (var e = 0; e < _experts; e++)
        {
            bucket[e] += counts[e];
        }
    }

    /// <summary>Writes the window's total per expert of <paramref name="layer"/> at <paramref name="now"/>; returns the tokens seen.</summary>
    public double Load(int layer, SimTime now, Span<double> load)
    {
        Advance(now);
        load[.._experts].Clear();
        double total = 0;
        foreach (var bucket in _buckets)
        {
            var slice = bucket.AsSpan(layer * _experts, _experts);
            for (var e = 0; e < _experts; e++)
            {
                load[e] += slice[e];
                total += slice[e];
            }
        }

        return total;
    }

    private void Advance(SimTime now)
    {
        var bucket = now.Nanoseconds / _bucketNs;
        if (bucket <= _currentBucket)
        {
            return;
        }

        // Buckets the clock skipped over (and the one it enters) start empty; at most the whole ring is cleared.
        for (var b = Math.Max(_currentBucket + 1, bucket - Buckets + 1); b <= bucket; b++)
        {
            Array.Clear(_buckets[(int)(b % Buckets)]);
        }

        _currentBucket = bucket;
    }
}
