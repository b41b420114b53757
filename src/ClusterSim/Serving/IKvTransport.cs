using ClusterSim.Scheduling;

namespace ClusterSim.Serving;

/// <summary>
/// Moves prefilled requests' KV caches from prefill ranks to decode ranks and reports each arrival to the
/// <see cref="IKvTransferSink"/> it is attached to, as an engine event at the instant the last byte lands.
/// </summary>
public interface IKvTransport
{
    /// <summary>Connects the transport to the cluster that receives finished transfers; called once, before any transfer.</summary>
    void Attach(IKvTransferSink sink);

    /// <summary>Starts moving <paramref name="request"/>'s KV cache now; <paramref name="transfer"/> names it in the sink's callback.</summary>
    /// <param name="transfer">The cluster's slot for this transfer, unique among transfers in flight.</param>
    /// <param name="request">The prefilled request; its <see cref="RequestState.Rank"/> is still the prefill rank.</param>
    /// <param name="prefillInstance">The prefill instance's index in its pool.</param>
    /// <param name="target">The decode instance and rank the router chose.</param>
    void Begin(int transfer, RequestState request, int prefillInstance, RouteTarget target);

    /// <summary>Forgets every transfer still in flight (the run is over); no callback follows for them.</summary>
    void Abandon();

    /// <summary>Transfers, bytes and transfer times so far (link figures when the transport has a fabric).</summary>
    KvTransferSummary Summarize();
}

/// <summary>Receives the KV transfers that reached their decode rank.</summary>
public interface IKvTransferSink
{
    /// <summary>The transfer in slot <paramref name="transfer"/> has delivered its last byte (now).</summary>
    void OnKvTransferred(int transfer);
}
