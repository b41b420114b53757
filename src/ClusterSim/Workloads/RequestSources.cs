using ClusterSim.Workloads.Synthetic;
using ClusterSim.Workloads.Traces;
using Microsoft.Extensions.Logging;

namespace ClusterSim.Workloads;

/// <summary>Builds the request source a validated <see cref="WorkloadSpec"/> describes.</summary>
public static class RequestSources
{
    /// <summary>
    /// Opens the source: synthetic arrivals draw from streams derived from <paramref name="seed"/>; traces and
    /// empirical length files resolve relative paths against <paramref name="baseDirectory"/>.
    /// </summary>
    public static IRequestSource Open(WorkloadSpec spec, ulong seed, string? baseDirectory = null, ILogger? logger = null) => spec switch
    {
        SyntheticWorkloadSpec synthetic => SyntheticRequestSource.Create(synthetic, seed, baseDirectory),
        ClosedLoopWorkloadSpec closed => ClosedLoopRequestSource.Create(closed, seed, baseDirectory),
        TraceWorkloadSpec trace => TraceRequestSource.Open(trace, baseDirectory, logger),
        null => throw new ArgumentNullException(nameof(spec)),
        _ => throw new ArgumentException($"unknown workload spec {spec.GetType().Name}", nameof(spec)),
    };
}
