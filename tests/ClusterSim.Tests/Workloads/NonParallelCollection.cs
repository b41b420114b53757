namespace ClusterSim.Tests.Workloads;

/// <summary>
/// Tests that measure process-wide memory or wall time run alone, after the parallel ones, so that other
/// tests' allocations and CPU use do not leak into their measurements.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class NonParallelCollection
{
    public const string Name = "Workloads measurements (not parallel)";
}
