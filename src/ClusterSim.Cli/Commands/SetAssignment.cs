namespace ClusterSim.Cli.Commands;

/// <summary>One --set override of a scenario value: a dotted key path and the text to put there.</summary>
/// <param name="KeyPath">Dotted path into the scenario file, e.g. "deployment.decode.experts.ep".</param>
/// <param name="Value">The value as typed, with its units ("4.8 TB/s"); the scenario loader parses it.</param>
public sealed record SetAssignment(string KeyPath, string Value)
{
    /// <summary>Parses "key=value"; returns an error sentence instead when malformed.</summary>
    public static bool TryParse(string text, out SetAssignment? assignment, out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        assignment = null;
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0)
        {
            error = $"--set '{text}': expected key.path=value, e.g. deployment.decode.experts.ep=32";
            return false;
        }

        var key = text[..equals].Trim();
        var value = text[(equals + 1)..].Trim();
        if (key.Length == 0 || key.StartsWith('.') || key.EndsWith('.') || key.Contains("..", StringComparison.Ordinal))
        {
            error = $"--set '{text}': the key path '{key}' must be dot-separated names, e.g. workload.rate";
            return false;
        }

        assignment = new SetAssignment(key, value);
        error = null;
        return true;
    }
}
