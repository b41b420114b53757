using System.Globalization;
using System.Net;
using System.Text;
using ClusterSim.DeploymentSearch;

namespace ClusterSim.Cli.Plan;

/// <summary>
/// The Pareto chart as a self-contained SVG: every candidate that met the SLOs as a dot (tokens/s/user across,
/// tokens/s/GPU up; colour by mode), the frontier as a line through its points, the objective's winner ringed.
/// </summary>
public static class ParetoSvg
{
    /// <summary>The file name inside a plan folder.</summary>
    public const string FileName = "pareto.svg";

    private const int Width = 760;
    private const int Height = 480;
    private const int Left = 70;
    private const int Right = 20;
    private const int Top = 40;
    private const int Bottom = 55;

    /// <summary>The SVG text.</summary>
    public static string Render(string title, IReadOnlyList<CandidateResult> results, CandidateResult? winner)
    {
        ArgumentNullException.ThrowIfNull(results);
        var feasible = results.Where(r => r.Feasible).ToArray();
        var frontier = ParetoFrontier.Of(results);
        var maxX = Nice(feasible.Select(r => r.TokensPerSecondPerUser!.Value).DefaultIfEmpty(1).Max());
        var maxY = Nice(feasible.Select(r => r.TokensPerSecondPerGpu!.Value).DefaultIfEmpty(1).Max());
        double X(double v) => Left + (v / maxX * (Width - Left - Right));
        double Y(double v) => Height - Bottom - (v / maxY * (Height - Top - Bottom));

        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" font-family=\"sans-serif\" font-size=\"12\">\n");
        svg.Append(CultureInfo.InvariantCulture, $"<rect width=\"{Width}\" height=\"{Height}\" fill=\"white\"/>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Width / 2}\" y=\"22\" text-anchor=\"middle\" font-size=\"15\">{WebUtility.HtmlEncode(title)}</text>\n");
        for (var i = 0; i <= 5; i++)
        {
            var xv = maxX * i / 5;
            var yv = maxY * i / 5;
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{F(X(xv))}\" y1=\"{Top}\" x2=\"{F(X(xv))}\" y2=\"{Height - Bottom}\" stroke=\"#eee\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(X(xv))}\" y=\"{Height - Bottom + 16}\" text-anchor=\"middle\">{Tick(xv)}</text>\n");
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" y1=\"{F(Y(yv))}\" x2=\"{Width - Right}\" y2=\"{F(Y(yv))}\" stroke=\"#eee\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 6}\" y=\"{F(Y(yv) + 4)}\" text-anchor=\"end\">{Tick(yv)}</text>\n");
        }

        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" y1=\"{Height - Bottom}\" x2=\"{Width - Right}\" y2=\"{Height - Bottom}\" stroke=\"black\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" y1=\"{Top}\" x2=\"{Left}\" y2=\"{Height - Bottom}\" stroke=\"black\"/>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{(Left + Width - Right) / 2}\" y=\"{Height - 15}\" text-anchor=\"middle\">output tokens/s per user (1000 / median TPOT ms)</text>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text transform=\"translate(18 {(Top + Height - Bottom) / 2}) rotate(-90)\" text-anchor=\"middle\">output tokens/s per GPU at capacity</text>\n");

        foreach (var r in feasible)
        {
            var colour = r.Candidate.Mode == PlanMode.Colocated ? "#4c78a8" : "#f58518";
            svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{F(X(r.TokensPerSecondPerUser!.Value))}\" cy=\"{F(Y(r.TokensPerSecondPerGpu!.Value))}\" r=\"3\" fill=\"{colour}\" fill-opacity=\"0.55\"><title>{WebUtility.HtmlEncode(r.Candidate.Settings)}</title></circle>\n");
        }

        if (frontier.Count > 0)
        {
            var points = string.Join(' ', frontier.Select(r => $"{F(X(r.TokensPerSecondPerUser!.Value))},{F(Y(r.TokensPerSecondPerGpu!.Value))}"));
            svg.Append(CultureInfo.InvariantCulture, $"<polyline points=\"{points}\" fill=\"none\" stroke=\"#d62728\" stroke-width=\"2\"/>\n");
            foreach (var r in frontier)
            {
                svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{F(X(r.TokensPerSecondPerUser!.Value))}\" cy=\"{F(Y(r.TokensPerSecondPerGpu!.Value))}\" r=\"4.5\" fill=\"#d62728\"><title>Pareto: {WebUtility.HtmlEncode(r.Candidate.Settings)}</title></circle>\n");
            }
        }

        if (winner is { Feasible: true })
        {
            svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{F(X(winner.TokensPerSecondPerUser!.Value))}\" cy=\"{F(Y(winner.TokensPerSecondPerGpu!.Value))}\" r=\"9\" fill=\"none\" stroke=\"black\" stroke-width=\"1.5\"><title>winner: {WebUtility.HtmlEncode(winner.Candidate.Settings)}</title></circle>\n");
        }

        var legendX = Width - Right - 190;
        svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{legendX}\" cy=\"{Top + 8}\" r=\"4\" fill=\"#4c78a8\"/><text x=\"{legendX + 10}\" y=\"{Top + 12}\">colocated</text>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{legendX}\" cy=\"{Top + 24}\" r=\"4\" fill=\"#f58518\"/><text x=\"{legendX + 10}\" y=\"{Top + 28}\">disaggregated</text>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{legendX - 6}\" y1=\"{Top + 40}\" x2=\"{legendX + 6}\" y2=\"{Top + 40}\" stroke=\"#d62728\" stroke-width=\"2\"/><text x=\"{legendX + 10}\" y=\"{Top + 44}\">Pareto frontier</text>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{legendX}\" cy=\"{Top + 56}\" r=\"6\" fill=\"none\" stroke=\"black\"/><text x=\"{legendX + 10}\" y=\"{Top + 60}\">best by the objective</text>\n");
        svg.Append("</svg>\n");
        return svg.ToString();
    }

    // The smallest of 1, 1.5, 2, 2.5, 3, 4, 5, 6, 8 × 10^k at or above the maximum (with 5 % headroom), so the axis
    // ends on a round number without wasting much of the plot; the five ticks divide it.
    private static double Nice(double max)
    {
        if (!(max > 0))
        {
            return 1;
        }

        var target = max * 1.05;
        var power = Math.Pow(10, Math.Floor(Math.Log10(target)));
        return new[] { 1.0, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10 }.Select(m => m * power).First(v => v >= target);
    }

    private static string Tick(double value) => value.ToString(value >= 100 ? "0" : "0.##", CultureInfo.InvariantCulture);

    private static string F(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);
}
