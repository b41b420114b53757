using System.Net;
using System.Text;

namespace ClusterSim.Cli.Report;

/// <summary>
/// The body of report.html as text and figures in page order. Drawing a chart is most of the cost of the page
/// (ScottPlot lays out and writes SVG text for each), and the charts do not depend on each other, so
/// <see cref="Draw"/> draws them on every core and then appends everything in order: the page is the same as if
/// they had been drawn one after another.
/// </summary>
internal sealed class PageParts(StringBuilder html)
{
    private readonly List<(string? Text, Func<string>? Chart, string? Caption)> parts = [];

    /// <summary>Appends literal HTML.</summary>
    public void Text(string text) => parts.Add((text, null, null));

    /// <summary>Appends a figure whose SVG <paramref name="chart"/> draws (later, maybe on another thread).</summary>
    public void Figure(Func<string> chart, string caption) => parts.Add((null, chart, caption));

    /// <summary>Draws every chart and appends all parts, in the order they were added, to the page.</summary>
    public void Draw()
    {
        var charts = parts.Where(p => p.Chart is not null).Select(p => p.Chart!).ToArray();
        var svgs = new string[charts.Length];

        // The clip-path ids of the page's figure n + 1 (counted from one) are renamed from that number, so the text
        // does not depend on which thread drew which chart or in what order.
        Parallel.For(0, charts.Length, n => svgs[n] = SvgInline.Prepare(charts[n](), n + 1));
        var figure = 0;
        foreach (var (text, chart, caption) in parts)
        {
            if (chart is null)
            {
                html.Append(text);
                continue;
            }

            html.Append("<figure>\n").Append(svgs[figure++]).Append("\n<figcaption class=\"note\">")
                .Append(WebUtility.HtmlEncode(caption)).Append("</figcaption>\n</figure>\n");
        }
    }
}
