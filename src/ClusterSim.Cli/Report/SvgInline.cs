using System.Globalization;
using System.Text.RegularExpressions;

namespace ClusterSim.Cli.Report;

/// <summary>Prepares ScottPlot SVG text for inlining into an HTML page.</summary>
public static partial class SvgInline
{
    [GeneratedRegex("cl_[0-9a-fA-F]+")]
    private static partial Regex ClipId();

    /// <summary>
    /// Drops the XML declaration (not allowed inside HTML) and renames clip-path ids to ones unique in the page and
    /// independent of how many plots the process drew before (ScottPlot numbers them process-wide), so a report
    /// regenerated later is byte-identical and two inlined figures never share an id.
    /// </summary>
    public static string Prepare(string svg, int figure)
    {
        ArgumentNullException.ThrowIfNull(svg);
        var start = svg.IndexOf("<svg", StringComparison.Ordinal);
        var body = start > 0 ? svg[start..] : svg;
        var renamed = new Dictionary<string, string>(StringComparer.Ordinal);
        return ClipId().Replace(body, match =>
        {
            if (!renamed.TryGetValue(match.Value, out var name))
            {
                name = string.Create(CultureInfo.InvariantCulture, $"f{figure}c{renamed.Count}");
                renamed[match.Value] = name;
            }

            return name;
        });
    }
}
