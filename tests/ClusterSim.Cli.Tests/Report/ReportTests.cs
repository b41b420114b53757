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

    [ChromiumFact]
    public async Task Report_renders_in_headless_chromium_without_console_errors()
    {
        using var profile = new TempFolder();
        var start = new ProcessStartInfo(ChromiumFactAttribute.ChromiumPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "--headless", "--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-gpu",
            "--enable-logging=stderr", "--v=0", "--user-data-dir=" + profile.Path, "--dump-dom", new Uri(ReportPath).AbsoluteUri,
        })
        {
            start.ArgumentList.Add(argument);
        }

        using var chromium = Process.Start(start)!;
        var dom = chromium.StandardOutput.ReadToEndAsync();
        var log = chromium.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await chromium.WaitForExitAsync(timeout.Token);

        var text = await dom;
        var errors = await log;
        Assert.True(chromium.ExitCode == 0, $"chromium exited {chromium.ExitCode}: {errors}");
        Assert.Equal(7, Regex.Count(text, "<svg[ >]"));
        Assert.Contains("<path", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Uncaught", errors, StringComparison.Ordinal);
        Assert.DoesNotContain("Refused to", errors, StringComparison.Ordinal);
        Assert.DoesNotContain("Failed to load resource", errors, StringComparison.Ordinal);
    }
}
