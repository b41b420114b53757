namespace ClusterSim.Cli.Commands;

/// <summary>One swept scenario value: a dotted key path and the values it takes, in order.</summary>
/// <param name="KeyPath">Dotted path into the scenario file, e.g. "deployment.decode.experts.ep".</param>
/// <param name="Values">The values as typed, at least one.</param>
public sealed record SweepAxis(string KeyPath, IReadOnlyList<string> Values)
{
    /// <summary>Parses "key=v1,v2,..."; returns an error sentence instead when malformed.</summary>
    public static bool TryParse(string text, out SweepAxis? axis, out string? error)
    {
        axis = null;
        if (!SetAssignment.TryParse(text, out var assignment, out error))
        {
            return false;
        }

        var values = assignment!.Value.Split(',', StringSplitOptions.TrimEntries);
        if (values.Any(v => v.Length == 0))
        {
            error = $"--set '{text}': empty value in the list; write key.path=v1,v2,... with no empty entries";
            return false;
        }

        axis = new SweepAxis(assignment.KeyPath, values);
        return true;
    }
}
