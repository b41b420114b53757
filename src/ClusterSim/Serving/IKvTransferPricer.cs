using ClusterSim.Engine;
using ClusterSim.Scheduling;

namespace ClusterSim.Serving;

/// <summary>Prices moving a prefilled request's KV cache from a prefill instance to a decode instance.</summary>
public interface IKvTransferPricer
{
    /// <summary>Time from the end of prefill until the KV cache is usable on the decode instance.</summary>
    SimDuration Price(RequestState request, int prefillInstance, int decodeInstance);
}
