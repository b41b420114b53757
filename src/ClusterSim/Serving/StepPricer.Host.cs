namespace ClusterSim.Serving;

/// <content>The engine's host work per iteration, added once to the step's total.</content>
public sealed partial class StepPricer
{
    /// <summary>The serving engine whose host overhead each step pays (none by default).</summary>
    public EngineProfile Engine { get; init; } = EngineProfile.Ideal;

    /// <summary>Host nanoseconds exposed after a GPU step of <paramref name="gpuNs"/>: per step, plus per request on the busiest scheduler.</summary>
    private double ExposedHostNs(double gpuNs)
    {
        long requests = 0;
        foreach (ref readonly var s in _shapes.AsSpan())
        {
            requests = Math.Max(requests, s.Prefill.Requests + s.Decode.Requests);
        }

        return Engine.ExposedHostNs(gpuNs, requests);
    }
}
