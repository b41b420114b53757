using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ClusterSim.Cli.Trace;

/// <summary>One line of log.clef (compact log event format) with its message rendered from the template.</summary>
/// <param name="Timestamp">Wall-clock time the event was logged (@t).</param>
/// <param name="Level">Level name (@l; Information when absent, as CLEF specifies).</param>
/// <param name="Message">The template with its properties substituted.</param>
/// <param name="SimSeconds">Simulated time the event refers to, when it carries a SimSeconds property.</param>
public sealed record ClefEvent(DateTimeOffset Timestamp, string Level, string Message, double? SimSeconds)
{
    /// <summary>Levels from lowest to highest, as Serilog names them.</summary>
    public static readonly string[] Levels = ["Verbose", "Debug", "Information", "Warning", "Error", "Fatal"];

    /// <summary>Rank of a level name in <see cref="Levels"/> (case-insensitive), or -1.</summary>
    public static int Rank(string level) =>
        Array.FindIndex(Levels, l => string.Equals(l, level, StringComparison.OrdinalIgnoreCase));

    /// <summary>Parses one CLEF line; throws <see cref="JsonException"/> when it is not a JSON object.</summary>
    public static ClefEvent Parse(string line)
    {
        using var document = JsonDocument.Parse(line);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException("a CLEF line is a JSON object");
        }

        var timestamp = root.TryGetProperty("@t", out var t) && t.ValueKind == JsonValueKind.String
            ? DateTimeOffset.Parse(t.GetString()!, CultureInfo.InvariantCulture)
            : default;
        var level = root.TryGetProperty("@l", out var l) && l.ValueKind == JsonValueKind.String ? l.GetString()! : "Information";
        string message;
        if (root.TryGetProperty("@m", out var m) && m.ValueKind == JsonValueKind.String)
        {
            message = m.GetString()!;
        }
        else
        {
            var template = root.TryGetProperty("@mt", out var mt) && mt.ValueKind == JsonValueKind.String ? mt.GetString()! : string.Empty;
            message = Render(template, root);
        }

        if (root.TryGetProperty("@x", out var x) && x.ValueKind == JsonValueKind.String)
        {
            message += " " + x.GetString()!.ReplaceLineEndings(" ");
        }

        double? sim = root.TryGetProperty("SimSeconds", out var s) && s.ValueKind == JsonValueKind.Number ? s.GetDouble() : null;
        return new ClefEvent(timestamp, level, message, sim);
    }

    /// <summary>
    /// Substitutes {Name}, {@Name}, {$Name} and {Name:format} holes with the event's properties; a formatted hole takes
    /// the next entry of @r (the renderings the formatter wrote), as CLEF specifies. {{ and }} are literal braces.
    /// </summary>
    public static string Render(string template, JsonElement properties)
    {
        var text = new StringBuilder(template.Length + 32);
        var renderings = properties.TryGetProperty("@r", out var r) && r.ValueKind == JsonValueKind.Array ? r : default;
        var rendering = 0;
        var i = 0;
        while (i < template.Length)
        {
            var c = template[i];
            if (c == '{' && i + 1 < template.Length && template[i + 1] == '{')
            {
                text.Append('{');
                i += 2;
                continue;
            }

            if (c == '}' && i + 1 < template.Length && template[i + 1] == '}')
            {
                text.Append('}');
                i += 2;
                continue;
            }

            var close = c == '{' ? template.IndexOf('}', i + 1) : -1;
            if (close < 0)
            {
                text.Append(c);
                i++;
                continue;
            }

            var hole = template[(i + 1)..close];
            var name = hole.TrimStart('@', '$');
            var colon = name.IndexOfAny([':', ',']);
            var formatted = colon >= 0 && name[colon] == ':';
            if (colon >= 0)
            {
                name = name[..colon];
            }

            if (formatted && renderings.ValueKind == JsonValueKind.Array && rendering < renderings.GetArrayLength())
            {
                text.Append(renderings[rendering++].GetString());
            }
            else if (properties.TryGetProperty(name, out var value))
            {
                text.Append(value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText());
            }
            else
            {
                text.Append(template, i, close - i + 1);
            }

            i = close + 1;
        }

        return text.ToString();
    }
}
