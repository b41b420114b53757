namespace ClusterSim.Cli.Tests.Report;

/// <summary>
/// A fact that needs Debian's headless Chromium: where /usr/bin/chromium is absent it is reported skipped with the
/// reason (xunit 2 has no dynamic skip, so the attribute decides when tests are discovered).
/// </summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public const string ChromiumPath = "/usr/bin/chromium";

    public ChromiumFactAttribute()
    {
        if (!File.Exists(ChromiumPath))
        {
            Skip = $"{ChromiumPath} is not installed (apt-get install chromium); .ci/run installs it so CI always runs this test";
        }
    }
}
