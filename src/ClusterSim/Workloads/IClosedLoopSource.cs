using ClusterSim.Engine;

namespace ClusterSim.Workloads;

/// <summary>
/// A request source whose arrivals depend on completions: the cluster tells it when a request ended, and pulls again.
/// </summary>
/// <remarks>
/// <see cref="IRequestSource.TryNext"/> returning false means "no client is ready now", not "exhausted": the cluster
/// pulls again after the next <see cref="OnRequestEnded"/>. <see cref="AllSent"/> says when the source is exhausted.
/// </remarks>
public interface IClosedLoopSource : IRequestSource
{
    /// <summary>True once every request of the workload has been handed out.</summary>
    bool AllSent { get; }

    /// <summary>A request finished or was dropped at <paramref name="now"/>: its client sends again after its think time.</summary>
    void OnRequestEnded(SimTime now);
}
