namespace ClusterSim.Cli.Logging;

/// <summary>Names shared by the console log template and the code that fills them.</summary>
internal static class CliLogTemplates
{
    /// <summary>
    /// A log-context property a sweep point sets ("point 12: "), so its warnings say which point they are about; empty
    /// (absent) outside sweeps.
    /// </summary>
    public const string PointProperty = "SweepPoint";
}
