namespace ClusterSim.Sweeps;

/// <summary>One swept scenario key and the values it takes, in the order given.</summary>
/// <param name="KeyPath">
/// Dotted key path, e.g. "deployment.serving.experts.ep"; several paths joined by '+' take the same value together
/// (a linked axis, e.g. "deployment.decode.accelerators_per_instance+deployment.decode.experts.ep").
/// </param>
/// <param name="Values">
/// The values as typed, with their units; at least one. For a linked axis a value is either one value for every key
/// or one per key joined by '+' in the keys' order ("16+16+120").
/// </param>
public sealed record SweepParameter(string KeyPath, IReadOnlyList<string> Values)
{
    /// <summary>The key paths this parameter sets (one unless linked with '+').</summary>
    public IReadOnlyList<string> KeyPaths => KeyPath.Split('+', StringSplitOptions.TrimEntries);

    /// <summary>The (key, value) pairs one value of this parameter sets; throws <see cref="SweepException"/> when the parts do not match the keys.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Assignments(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var keys = KeyPaths;
        var parts = keys.Count > 1 ? value.Split('+', StringSplitOptions.TrimEntries) : [value];
        if (parts.Length == 1)
        {
            return keys.Select(k => new KeyValuePair<string, string>(k, value)).ToArray();
        }

        if (parts.Length != keys.Count)
        {
            throw new SweepException($"sweep: --set {KeyPath}: the value '{value}' has {parts.Length} '+'-joined parts for {keys.Count} keys; give one value or one per key");
        }

        return keys.Zip(parts, (k, v) => new KeyValuePair<string, string>(k, v)).ToArray();
    }
}
