using System.Text.RegularExpressions;
using ClusterSim.Cli.Report;
using ClusterSim.Cli.Sweep;
using ClusterSim.Cli.Tests.Trace;

namespace ClusterSim.Cli.Tests.Report;

public sealed partial class ReportColourTests(RunFolderFixture run) : IClassFixture<RunFolderFixture>
{
    // ScottPlot writes each legend entry as its label text followed by the swatch (a rect, or a path for a line).
    [GeneratedRegex("<text[^>]*>\\s*(?<label>[^<]+?)\\s*</text>\\s*<(?:rect|path|line)[^>]*?(?:fill|stroke)=\"(?<colour>#[0-9A-Fa-f]{6,8})\"")]
    private static partial Regex LegendEntry();

    [Fact]
    public void Every_resource_is_drawn_in_one_colour_across_all_charts()
    {
        var html = File.ReadAllText(Path.Combine(run.Path, "report.html"));
        var figures = Regex.Split(html, "<figure>").Skip(1).ToArray();
        var labels = ResourcePalette.All.Select(r => r.Label).ToHashSet(StringComparer.Ordinal);
        var seen = new Dictionary<string, (HashSet<string> Colours, int Charts)>(StringComparer.Ordinal);
        foreach (var figure in figures)
        {
            foreach (var entry in LegendEntry().Matches(figure).Where(m => labels.Contains(m.Groups["label"].Value)).DistinctBy(m => m.Groups["label"].Value))
            {
                var label = entry.Groups["label"].Value;
                var (colours, charts) = seen.GetValueOrDefault(label, (new HashSet<string>(StringComparer.OrdinalIgnoreCase), 0));
                colours.Add(entry.Groups["colour"].Value[..7]);
                seen[label] = (colours, charts + 1);
            }
        }

        foreach (var resource in ResourcePalette.All)
        {
            Assert.True(seen.TryGetValue(resource.Label, out var drawn), $"{resource.Label} is in no chart's legend");

            // The bar chart and the utilisation timeline both show every resource.
            Assert.True(drawn.Charts >= 2, $"{resource.Label} is in {drawn.Charts} chart(s)");
            Assert.Equal([resource.Hex], drawn.Colours.Select(c => c.ToUpperInvariant()));
        }

        Assert.Equal(ResourcePalette.All.Count, ResourcePalette.All.Select(r => r.Hex).Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Fact]
    public void Utilisation_timeline_is_stacked_areas_not_lines()
    {
        var html = File.ReadAllText(Path.Combine(run.Path, "report.html"));
        var timeline = Regex.Split(html, "<figure>").Single(f => f.Contains("busy share by bounding resource", StringComparison.Ordinal));

        // Each band is a filled polygon in its resource's colour; the old chart drew unfilled polylines only.
        foreach (var resource in ResourcePalette.All.Where(r => r.Key != "idle"))
        {
            Assert.Matches($"<path[^>]*fill=\"{resource.Hex}", timeline);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    [InlineData(11)]
    [InlineData(24)]
    public void Sweep_palette_gives_distinct_colour_and_style_pairs(int series)
    {
        var styles = Enumerable.Range(0, series).Select(SeriesPalette.Of).ToArray();

        Assert.Equal(series, styles.Select(s => (s.Hex, s.StyleName)).Distinct().Count());
        Assert.True(SeriesPalette.DistinctSeries >= 24);
    }

    [Fact]
    public void Sweep_palette_uses_more_than_ten_colours_before_changing_style()
    {
        // Beyond ScottPlot's 10-colour cycle the next series must still differ in colour from the first ten.
        var first = Enumerable.Range(0, 11).Select(SeriesPalette.Of).ToArray();

        Assert.Equal(11, first.Select(s => s.Hex).Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }
}
