namespace ClusterSim.Workloads;

/// <summary>The <c>workload:</c> section of a scenario: either synthetic arrivals or a trace replay.</summary>
public abstract record WorkloadSpec
{
    /// <summary>The key path every error of this spec starts with.</summary>
    public const string RootKey = "workload";

    /// <summary>
    /// <c>workload.kv_preloaded</c>: every request arrives with its prompt's KV cache resident on a decode (or colocated)
    /// rank, so no prefill is priced. Null when not set, so the resolved scenario of other runs is unchanged.
    /// </summary>
    public bool? KvPreloaded { get; init; }

    /// <summary>Every problem with this spec, each with its key path (empty when the spec is valid).</summary>
    public abstract IReadOnlyList<SpecError> Validate();
}
