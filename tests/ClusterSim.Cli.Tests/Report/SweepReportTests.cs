using System.Text.RegularExpressions;
using ClusterSim.Cli.Tests.Sweep;

namespace ClusterSim.Cli.Tests.Report;

public sealed partial class SweepReportTests(SweepFixture fixture) : IClassFixture<SweepFixture>
{
    private string ReportPath => Path.Combine(fixture.SerialFolder, "report.html");

    [GeneratedRegex("(?:src|href)\\s*=\\s*[\"']?(?:https?:)?//", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalReference();

    [Fact]
    public void Sweep_writes_a_self_contained_report_with_every_plot_and_a_row_per_point()
    {
        var html = File.ReadAllText(ReportPath);
        var plots = Directory.GetFiles(fixture.SerialFolder, "*.svg").Length;

        Assert.True(plots >= 6, $"{plots} plots");
        Assert.Equal(plots, Regex.Count(html, "<svg[ >]"));
        // Header row plus the four points (EP 8 and 16 by 2 and 4 requests/s), keyed by the swept values only.
        Assert.Equal(5, Regex.Count(html, "<tr>"));
        Assert.Contains("<th>deployment.serving.experts.ep</th><th>workload.rate_per_s</th>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<th>simulation.duration</th>", html, StringComparison.Ordinal);
        Assert.Contains("Output throughput per GPU", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<?xml", html, StringComparison.Ordinal);
        Assert.DoesNotMatch(ExternalReference(), html);
    }

    [Fact]
    public async Task Trace_report_regenerates_the_sweep_report_byte_for_byte()
    {
        var copy = Path.Combine(fixture.Root, "report-copy");
        Directory.CreateDirectory(copy);
        foreach (var file in Directory.GetFiles(fixture.SerialFolder).Where(f => !f.EndsWith("report.html", StringComparison.Ordinal)))
        {
            File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        }

        var result = await CliRunner.RunAsync("trace", "report", copy);

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains(Path.Combine(copy, "report.html"), result.Out, StringComparison.Ordinal);
        Assert.Equal(File.ReadAllBytes(ReportPath), File.ReadAllBytes(Path.Combine(copy, "report.html")));
    }

    [ChromiumFact]
    public async Task Sweep_report_renders_in_headless_chromium_without_console_errors()
    {
        var (exitCode, dom, log) = await HeadlessChromium.DumpDomAsync(ReportPath);

        Assert.True(exitCode == 0, $"chromium exited {exitCode}: {log}");
        Assert.Equal(Directory.GetFiles(fixture.SerialFolder, "*.svg").Length, Regex.Count(dom, "<svg[ >]"));
        Assert.Contains("<path", dom, StringComparison.Ordinal);
        Assert.DoesNotContain("Uncaught", log, StringComparison.Ordinal);
        Assert.DoesNotContain("Refused to", log, StringComparison.Ordinal);
        Assert.DoesNotContain("Failed to load resource", log, StringComparison.Ordinal);
    }
}
