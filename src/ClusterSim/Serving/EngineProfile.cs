using ClusterSim.Engine;
using ClusterSim.Hardware;

namespace ClusterSim.Serving;

/// <summary>
/// What the serving engine's host (CPU) costs every iteration (<c>scheduler.engine</c>; files under
/// scenarios/engines/). Each figure carries its source; docs/modeling.md ("Host overhead per iteration") says how it is
/// applied.
/// </summary>
/// <param name="Name">The engine's key (sglang, vllm, trtllm, ideal).</param>
/// <param name="HostPerStep">Host work per iteration: scheduling, preparing inputs, processing the sampled tokens.</param>
/// <param name="HostPerRequest">Host work per running request per iteration (bookkeeping, detokenisation, streaming).</param>
/// <param name="OverlapScheduler">True when the host prepares iteration n+1 while the GPU runs iteration n.</param>
public sealed record EngineProfile(string Name, Sourced<SimDuration> HostPerStep, Sourced<SimDuration> HostPerRequest, Sourced<bool> OverlapScheduler)
{
    /// <summary>The engine keys a scenario may name.</summary>
    public static readonly string[] Names = ["sglang", "vllm", "trtllm", "ideal"];

    /// <summary>The engine used when a scenario names none (documented in docs/scenarios.md).</summary>
    public const string DefaultName = "sglang";

    /// <summary>No host overhead at all: the simulator's behaviour before engine profiles existed.</summary>
    public static readonly EngineProfile Ideal = new(
        "ideal",
        new(SimDuration.Zero, new Source(SourceKind.Assumed, "ideal engine: no host work")),
        new(SimDuration.Zero, new Source(SourceKind.Assumed, "ideal engine: no host work")),
        new(false, new Source(SourceKind.Assumed, "ideal engine: nothing to overlap")));

    /// <summary>
    /// Host nanoseconds the GPU waits for in one iteration of <paramref name="gpuNs"/> whose busiest scheduler holds
    /// <paramref name="requests"/> running requests. Each attention-DP rank has its own scheduler, so the busiest one
    /// sets the pace. Without overlap the whole host time is exposed; with it, only what the GPU step does not cover.
    /// </summary>
    public double ExposedHostNs(double gpuNs, long requests)
    {
        var host = HostPerStep.Value.Nanoseconds + ((double)HostPerRequest.Value.Nanoseconds * requests);
        return OverlapScheduler.Value ? Math.Max(0, host - gpuNs) : host;
    }
}
