namespace ClusterSim.Workloads;

/// <summary>One problem found while validating a workload spec: where (key path from <c>workload.</c>) and what.</summary>
/// <param name="KeyPath">Dotted key path, for example <c>workload.input_tokens.sigma</c>.</param>
/// <param name="Problem">What is wrong and what is allowed.</param>
public sealed record SpecError(string KeyPath, string Problem)
{
    /// <summary>"key.path: problem", the form scenario errors print.</summary>
    public override string ToString() => $"{KeyPath}: {Problem}";
}
