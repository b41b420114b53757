using ClusterSim.Engine;
using ClusterSim.Serving;

namespace ClusterSim.Telemetry;

/// <summary>
/// The run's streamed outputs beyond the metrics: the request sink (requests.csv) and observers created once the
/// deployment is known (timeseries.csv, trace.json). The caller owns the files; this only writes into them.
/// </summary>
public interface IRunOutputs
{
    /// <summary>Receives each finished or dropped request, or null.</summary>
    IRequestSink? Requests { get; }

    /// <summary>Creates the observers for a deployment; called once, after the cluster is built and before it runs.</summary>
    IReadOnlyList<IServingObserver> Attach(RunTopology topology);

    /// <summary>The run ended at <paramref name="end"/> (also when cancelled): close open buckets and documents.</summary>
    void Complete(SimTime end);
}

/// <summary>Outputs that are only a request sink (or nothing): telemetry off.</summary>
/// <param name="Requests">The request sink, or null.</param>
public sealed record RequestsOnlyOutputs(IRequestSink? Requests) : IRunOutputs
{
    /// <inheritdoc />
    public IReadOnlyList<IServingObserver> Attach(RunTopology topology) => [];

    /// <inheritdoc />
    public void Complete(SimTime end)
    {
    }
}
