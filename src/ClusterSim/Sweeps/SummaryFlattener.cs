using System.Text.Json;

namespace ClusterSim.Sweeps;

/// <summary>
/// Turns summary.json into (dotted name, number) pairs for sweep.csv: every numeric leaf except the wall-clock
/// <c>simulation</c> block, the echoed <c>resolved_scenario</c> and the <c>timeline</c> of faults and rebalances; array elements are named by their "name" field.
/// </summary>
public static class SummaryFlattener
{
    private static readonly HashSet<string> SkippedTopLevel = new(StringComparer.Ordinal) { "simulation", "resolved_scenario", "schema_version", "timeline" };

    /// <summary>The numeric leaves in document order; values are the JSON number text (already invariant), "" for null.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Flatten(JsonElement summary)
    {
        var leaves = new List<KeyValuePair<string, string>>();
        foreach (var property in summary.EnumerateObject())
        {
            if (!SkippedTopLevel.Contains(property.Name))
            {
                Walk(property.Name, property.Value, leaves);
            }
        }

        return leaves;
    }

    private static void Walk(string name, JsonElement element, List<KeyValuePair<string, string>> leaves)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Number:
                leaves.Add(new(name, element.GetRawText()));
                break;
            case JsonValueKind.Null:
                leaves.Add(new(name, string.Empty));
                break;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    Walk(name + "." + property.Name, property.Value, leaves);
                }

                break;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    var label = item.ValueKind == JsonValueKind.Object && item.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String
                        ? n.GetString()!
                        : i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    Walk(name + "." + label, item, leaves);
                    i++;
                }

                break;
            default:
                // Strings and booleans are labels, not metrics.
                break;
        }
    }
}
