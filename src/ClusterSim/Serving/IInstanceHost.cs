namespace ClusterSim.Serving;

/// <summary>What an instance needs from the cluster around it.</summary>
public interface IInstanceHost
{
    /// <summary>Where records go.</summary>
    IServingObserver Observer { get; }

    /// <summary>A prefill instance finished a prompt: move its KV cache to a decode instance.</summary>
    void OnPrefilled(ServingInstance instance, Scheduling.RequestState request);

    /// <summary>A request finished or was dropped (its state is final): tell the observers, and a closed-loop workload.</summary>
    void OnRequestEnded(Scheduling.RequestState request);
}
