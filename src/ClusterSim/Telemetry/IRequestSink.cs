using ClusterSim.Scheduling;

namespace ClusterSim.Telemetry;

/// <summary>Receives each request once, when it finishes or is dropped (requests.csv and friends).</summary>
public interface IRequestSink
{
    /// <summary>Writes the request's final record.</summary>
    void Write(RequestState request);
}
