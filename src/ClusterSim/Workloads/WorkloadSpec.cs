namespace ClusterSim.Workloads;

/// <summary>The <c>workload:</c> section of a scenario: either synthetic arrivals or a trace replay.</summary>
public abstract record WorkloadSpec
{
    /// <summary>The key path every error of this spec starts with.</summary>
    public const string RootKey = "workload";

    /// <summary>Every problem with this spec, each with its key path (empty when the spec is valid).</summary>
    public abstract IReadOnlyList<SpecError> Validate();
}
