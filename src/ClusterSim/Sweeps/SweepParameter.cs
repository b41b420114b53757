namespace ClusterSim.Sweeps;

/// <summary>One swept scenario key and the values it takes, in the order given.</summary>
/// <param name="KeyPath">
/// Dotted key path, e.g. "deployment.serving.experts.ep"; several paths joined by '+' take the same value together
/// (a linked axis, e.g. "deployment.decode.accelerators_per_instance+deployment.decode.experts.ep").
/// </param>
/// <param name="Values">The values as typed, with their units; at least one.</param>
public sealed record SweepParameter(string KeyPath, IReadOnlyList<string> Values)
{
    /// <summary>The key paths this parameter sets (one unless linked with '+').</summary>
    public IReadOnlyList<string> KeyPaths => KeyPath.Split('+', StringSplitOptions.TrimEntries);
}
