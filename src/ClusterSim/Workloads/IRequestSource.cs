namespace ClusterSim.Workloads;

/// <summary>
/// A stream of requests in nondecreasing arrival order, pulled one at a time so that no source ever holds a
/// whole trace in memory.
/// </summary>
public interface IRequestSource : IDisposable
{
    /// <summary>The next request; false when the source is exhausted (and on every call after that).</summary>
    bool TryNext(out RequestArrival request);
}
