using System.Text;
using ClusterSim.Cli.Report;

namespace ClusterSim.Cli.Tests.Report;

public sealed class PagePartsTests
{
    [Fact]
    public void Figures_land_in_the_order_they_were_added_with_clip_ids_from_their_place_in_the_page()
    {
        // Figures are drawn on several threads; the page must read as if they had been drawn one after another.
        // Each chart's clip ids (ScottPlot numbers them process-wide) become f{figure}c{n}, figures counted from 1,
        // ids numbered by first appearance within the figure.
        var html = new StringBuilder("<body>\n");
        var page = new PageParts(html);
        page.Text("<h2>first</h2>\n");
        page.Figure(() => "<?xml version=\"1.0\"?><svg><clipPath id=\"cl_1f\"/><g clip-path=\"url(#cl_1f)\"/><clipPath id=\"cl_20\"/></svg>", "one & two");
        page.Text("<h2>second</h2>\n");
        page.Figure(() => "<svg><clipPath id=\"cl_3\"/></svg>", "three");
        page.Figure(() => "<svg/>", "four");

        page.Draw();

        Assert.Equal(
            "<body>\n<h2>first</h2>\n"
            + "<figure>\n<svg><clipPath id=\"f1c0\"/><g clip-path=\"url(#f1c0)\"/><clipPath id=\"f1c1\"/></svg>\n<figcaption class=\"note\">one &amp; two</figcaption>\n</figure>\n"
            + "<h2>second</h2>\n"
            + "<figure>\n<svg><clipPath id=\"f2c0\"/></svg>\n<figcaption class=\"note\">three</figcaption>\n</figure>\n"
            + "<figure>\n<svg/>\n<figcaption class=\"note\">four</figcaption>\n</figure>\n",
            html.ToString());
    }
}
