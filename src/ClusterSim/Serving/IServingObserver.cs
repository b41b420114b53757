using ClusterSim.Engine;
using ClusterSim.Scheduling;

namespace ClusterSim.Serving;

/// <summary>
/// What the serving model tells telemetry: the narrow interface through which metrics, timelines and traces
/// receive records, without reaching into the scheduler's state.
/// </summary>
/// <remarks>
/// Instances are named by their <see cref="InstanceIdentity"/> and described by value (<see cref="StepRecord"/>,
/// <see cref="RankGroupGauges"/>) sampled when the record is sent, so an observer never holds a live instance, rank,
/// KV cache or step pricer.
/// </remarks>
public interface IServingObserver
{
    /// <summary>A request arrived at the cluster.</summary>
    void OnArrival(RequestState request);

    /// <summary>A request produced its first token.</summary>
    void OnFirstToken(RequestState request);

    /// <summary>A decode step produced <paramref name="tokens"/> tokens for a request after <paramref name="interval"/>.</summary>
    void OnTokens(RequestState request, int tokens, SimDuration interval);

    /// <summary>
    /// A decode step produced <paramref name="tokens"/> tokens for each of <paramref name="requests"/>, in that order, all
    /// at the same instant and after the same <paramref name="interval"/> (so their <see cref="RequestState.LastToken"/>,
    /// which has not moved yet, is the same too): the same records as that many calls of
    /// <see cref="OnTokens(RequestState, int, SimDuration)"/>, delivered in one call so that a step over thousands of
    /// requests costs one dispatch per observer per run of alike requests, not one per request. Nothing else is reported
    /// in between.
    /// </summary>
    /// <remarks>
    /// Default: one <see cref="OnTokens(RequestState, int, SimDuration)"/> per request. An observer that overrides it
    /// must keep every output as the calls one by one would leave it (an instance splits a step into runs however the
    /// requests fall, so the split must not show).
    /// </remarks>
    void OnTokens(ReadOnlySpan<RequestState> requests, int tokens, SimDuration interval)
    {
        foreach (var request in requests)
        {
            OnTokens(request, tokens, interval);
        }
    }

    /// <summary>A request finished or was dropped; its state is final.</summary>
    void OnCompleted(RequestState request);

    /// <summary>An instance finished a step (its results not yet applied).</summary>
    void OnStep(in StepRecord step);

    /// <summary>A request was preempted (its KV cache freed, to be recomputed).</summary>
    void OnPreempted(RequestState request);

    /// <summary>An instance started a step (its batch formed, KV blocks allocated, the step priced).</summary>
    /// <remarks>
    /// Default: nothing, so observers that only need finished steps need not implement it. At layer fidelity
    /// (<see cref="InstanceIdentity.LayerFidelity"/>) the cost is the step pricer's estimate; the stages decide the real
    /// length, which <see cref="OnStep"/> reports.
    /// </remarks>
    void OnStepStarted(in StepRecord step)
    {
    }

    /// <summary>An instance found nothing to run at <paramref name="now"/> and went idle; its gauges then.</summary>
    /// <remarks>Default: nothing.</remarks>
    void OnIdle(InstanceIdentity instance, in RankGroupGauges gauges, SimTime now)
    {
    }

    /// <summary>
    /// At <c>layer</c> fidelity, a stage of micro-batch <paramref name="microBatch"/> of the instance's current step ran
    /// from <paramref name="start"/> to <paramref name="end"/>; called when it ends, before the step's <see cref="OnStep"/>.
    /// </summary>
    /// <remarks>Default: nothing.</remarks>
    void OnStage(InstanceIdentity instance, int microBatch, Stage stage, SimTime start, SimTime end)
    {
    }

    /// <summary>Something of note happened to the cluster (a fault began or ended, experts were re-placed).</summary>
    /// <remarks>Default: nothing. Rare, so it may allocate.</remarks>
    void OnClusterEvent(ClusterEvent clusterEvent)
    {
    }
}
