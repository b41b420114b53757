using ClusterSim.Engine;
using ClusterSim.Scheduling;
using ClusterSim.Serving;

namespace ClusterSim.Telemetry;

/// <summary>
/// Passes every serving record to several observers in order (metrics first, then timelines, trace, log). Observers
/// may be added after the cluster is built, before the simulation runs.
/// </summary>
/// <remarks>An array rather than a list or multicast delegate: the hot path is a bounds-checked loop, no allocation.</remarks>
public sealed class ServingObserverFanout : IServingObserver
{
    private IServingObserver[] _observers;

    /// <summary>A fanout to <paramref name="observers"/>.</summary>
    public ServingObserverFanout(params IServingObserver[] observers)
    {
        _observers = [.. observers];
    }

    /// <summary>Observers, in call order.</summary>
    public IReadOnlyList<IServingObserver> Observers => _observers;

    /// <summary>Adds an observer called after those already present.</summary>
    public void Add(IServingObserver observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        _observers = [.. _observers, observer];
    }

    /// <inheritdoc />
    public void OnArrival(RequestState request)
    {
        foreach (var o in _observers)
        {
            o.OnArrival(request);
        }
    }

    /// <inheritdoc />
    public void OnFirstToken(RequestState request)
    {
        foreach (var o in _observers)
        {
            o.OnFirstToken(request);
        }
    }

    /// <inheritdoc />
    public void OnTokens(RequestState request, int tokens, SimDuration interval)
    {
        foreach (var o in _observers)
        {
            o.OnTokens(request, tokens, interval);
        }
    }

    /// <inheritdoc />
    public void OnTokens(ReadOnlySpan<RequestState> requests, int tokens, SimDuration interval)
    {
        foreach (var o in _observers)
        {
            o.OnTokens(requests, tokens, interval);
        }
    }

    /// <inheritdoc />
    public void OnCompleted(RequestState request)
    {
        foreach (var o in _observers)
        {
            o.OnCompleted(request);
        }
    }

    /// <inheritdoc />
    public void OnStep(in StepRecord step)
    {
        foreach (var o in _observers)
        {
            o.OnStep(step);
        }
    }

    /// <inheritdoc />
    public void OnPreempted(RequestState request)
    {
        foreach (var o in _observers)
        {
            o.OnPreempted(request);
        }
    }

    /// <inheritdoc />
    public void OnStepStarted(in StepRecord step)
    {
        foreach (var o in _observers)
        {
            o.OnStepStarted(step);
        }
    }

    /// <inheritdoc />
    public void OnIdle(InstanceIdentity instance, in RankGroupGauges gauges, SimTime now)
    {
        foreach (var o in _observers)
        {
            o.OnIdle(instance, gauges, now);
        }
    }

    /// <inheritdoc />
    public void OnStage(InstanceIdentity instance, int microBatch, Stage stage, SimTime start, SimTime end)
    {
        foreach (var o in _observers)
        {
            o.OnStage(instance, microBatch, stage, start, end);
        }
    }

    /// <inheritdoc />
    public void OnClusterEvent(ClusterEvent clusterEvent)
    {
        foreach (var o in _observers)
        {
            o.OnClusterEvent(clusterEvent);
        }
    }
}
