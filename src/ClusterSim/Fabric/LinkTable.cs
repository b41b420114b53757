using ClusterSim.Engine;

namespace ClusterSim.Fabric;

/// <summary>An immutable, indexed set of directional links; a link id is its index.</summary>
/// <remarks>Implementation note: the figures are kept in parallel arrays so the flow solver reads them without indirection.</remarks>
public sealed class LinkTable
{
    private readonly LinkSpec[] _links;
    private readonly double[] _bytesPerSecond;
    private readonly long[] _latencyNs;

    /// <summary>Builds the table; every bandwidth must be positive and finite, every latency non-negative.</summary>
    public LinkTable(IReadOnlyList<LinkSpec> links)
    {
        ArgumentNullException.ThrowIfNull(links);
        _links = links.ToArray();
        _bytesPerSecond = new double[_links.Length];
        _latencyNs = new long[_links.Length];
        for (var i = 0; i < _links.Length; i++)
        {
            var link = _links[i];
            if (!(link.BytesPerSecond > 0) || !double.IsFinite(link.BytesPerSecond))
            {
                throw new ArgumentException($"link {i} ({link.Name}) has bandwidth {link.BytesPerSecond}; it must be positive and finite", nameof(links));
            }

            if (link.Latency < SimDuration.Zero)
            {
                throw new ArgumentException($"link {i} ({link.Name}) has negative latency {link.Latency}", nameof(links));
            }

            _bytesPerSecond[i] = link.BytesPerSecond;
            _latencyNs[i] = link.Latency.Nanoseconds;
        }
    }

    /// <summary>Number of links.</summary>
    public int Count => _links.Length;

    /// <summary>The link with this id.</summary>
    public LinkSpec this[int link] => _links[link];

    /// <summary>Per-direction bandwidth of a link.</summary>
    public double BytesPerSecond(int link) => _bytesPerSecond[link];

    /// <summary>Latency of a link.</summary>
    public SimDuration Latency(int link) => new(_latencyNs[link]);

    /// <summary>The alpha of a path: the sum of its links' latencies.</summary>
    public SimDuration PathLatency(ReadOnlySpan<int> path)
    {
        long ns = 0;
        foreach (var link in path)
        {
            ns += _latencyNs[link];
        }

        return new SimDuration(ns);
    }

    /// <summary>The smallest bandwidth along a path (infinity for an empty path).</summary>
    public double BottleneckBytesPerSecond(ReadOnlySpan<int> path)
    {
        var min = double.PositiveInfinity;
        foreach (var link in path)
        {
            min = Math.Min(min, _bytesPerSecond[link]);
        }

        return min;
    }

    internal double[] BandwidthArray => _bytesPerSecond;

    internal long[] LatencyArray => _latencyNs;
}
