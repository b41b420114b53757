using System.Diagnostics;
using System.Text.RegularExpressions;
using ClusterSim.Cli.Tests.Trace;

namespace ClusterSim.Cli.Tests.Report;

public sealed partial class ReportTests(RunFolderFixture run) : IClassFixture<RunFolderFixture>
{
    private string ReportPath => Path.Combine(run.Path, "report.html");

    [GeneratedRegex("(?:src|href)\\s*=\\s*[\"']?(?:https?:)?//", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalReference();

    [Fact]
    public void Report_is_self_contained_with_an_svg_per_chart()
    {
        var html = File.ReadAllText(ReportPath);

        // Bottlenecks, utilisation (one pool), KV occupancy, throughput, requests, TTFT and TPOT distributions.
        Assert.Equal(7, Regex.Count(html, "<svg[ >]"));
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch(ExternalReference(), html);
        Assert.Contains("Time to first token (CDF)", html, StringComparison.Ordinal);
        Assert.Contains("serving pool: busy share by bounding resource", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_the_run_drew_from_memory_is_the_one_drawn_from_its_files()
    {
        // The run keeps the plotted values as it writes timeseries.csv and requests.csv; re-reading the files (what
        // `trace report` does) must give the same page byte for byte.
        var fromRun = File.ReadAllText(ReportPath);
        var fromFiles = ClusterSim.Cli.Report.ReportWriter.Build(run.Path);

        Assert.Contains("<path", fromRun, StringComparison.Ordinal);
        Assert.Equal(fromFiles, fromRun);
    }

    [ChromiumFact]
    public async Task Report_renders_in_headless_chromium_without_console_errors()
    {
        var (exitCode, text, errors) = await HeadlessChromium.DumpDomAsync(ReportPath);

        Assert.True(exitCode == 0, $"chromium exited {exitCode}: {errors}");
        Assert.Equal(7, Regex.Count(text, "<svg[ >]"));
        Assert.Contains("<path", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Uncaught", errors, StringComparison.Ordinal);
        Assert.DoesNotContain("Refused to", errors, StringComparison.Ordinal);
        Assert.DoesNotContain("Failed to load resource", errors, StringComparison.Ordinal);
    }
}
