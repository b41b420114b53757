using ClusterSim.Engine;
using ClusterSim.Scheduling;
using ClusterSim.Serving;

namespace ClusterSim.Telemetry;

/// <summary>
/// Keeps the run's expert rebalances (the rare events that are not in the scenario) for summary.json's timeline,
/// up to a cap so a long run with frequent re-placement stays small.
/// </summary>
public sealed class ClusterEventRecorder : IServingObserver
{
    /// <summary>Rebalances kept at most; later ones are only counted.</summary>
    public const int MaxEvents = 1000;

    private readonly List<ClusterEvent> _rebalances = [];

    /// <summary>Rebalances in time order, at most <see cref="MaxEvents"/>.</summary>
    public IReadOnlyList<ClusterEvent> Rebalances => _rebalances;

    /// <summary>Rebalances beyond the cap.</summary>
    public long Dropped { get; private set; }

    /// <inheritdoc />
    public void OnClusterEvent(ClusterEvent clusterEvent)
    {
        ArgumentNullException.ThrowIfNull(clusterEvent);
        if (clusterEvent.Kind != ClusterEventKind.Rebalance)
        {
            return;
        }

        if (_rebalances.Count < MaxEvents)
        {
            _rebalances.Add(clusterEvent);
        }
        else
        {
            Dropped++;
        }
    }

    /// <inheritdoc />
    public void OnArrival(RequestState request)
    {
    }

    /// <inheritdoc />
    public void OnFirstToken(RequestState request)
    {
    }

    /// <inheritdoc />
    public void OnTokens(ReadOnlySpan<RequestState> requests, int tokens, SimDuration interval)
    {
    }

    /// <inheritdoc />
    public void OnTokens(RequestState request, int tokens, SimDuration interval)
    {
    }

    /// <inheritdoc />
    public void OnCompleted(RequestState request)
    {
    }

    /// <inheritdoc />
    public void OnStep(in StepRecord step)
    {
    }

    /// <inheritdoc />
    public void OnPreempted(RequestState request)
    {
    }
}
