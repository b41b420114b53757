using System.Diagnostics;

namespace ClusterSim.Cli.Tests.Report;

/// <summary>Opens a page in headless Chromium and returns its rendered DOM and the browser's log (stderr).</summary>
internal static class HeadlessChromium
{
    public static async Task<(int ExitCode, string Dom, string Log)> DumpDomAsync(string htmlPath)
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
            "--enable-logging=stderr", "--v=0", "--user-data-dir=" + profile.Path, "--dump-dom", new Uri(htmlPath).AbsoluteUri,
        })
        {
            start.ArgumentList.Add(argument);
        }

        using var chromium = Process.Start(start)!;
        var dom = chromium.StandardOutput.ReadToEndAsync();
        var log = chromium.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await chromium.WaitForExitAsync(timeout.Token);
        return (chromium.ExitCode, await dom, await log);
    }
}
