namespace ClusterSim.Cli;

/// <summary>The process exit codes of clustersim, documented in --help and docs/cli.md.</summary>
public static class ExitCodes
{
    /// <summary>The command did what was asked.</summary>
    public const int Success = 0;

    /// <summary>A gate failed: compare found a metric outside its tolerance, or measure-error one beyond --max-error.</summary>
    public const int GateFailed = 1;

    /// <summary>Bad input: a scenario file error, a bad argument or setting.</summary>
    public const int BadInput = 2;

    /// <summary>An internal error (a bug): the stack trace is printed. EX_SOFTWARE of sysexits.h.</summary>
    public const int InternalError = 70;

    /// <summary>Cancelled by Ctrl-C (128 + SIGINT), with no half-written file left under a final name.</summary>
    public const int Cancelled = 130;

    /// <summary>The exit-code table shown at the end of the top-level --help.</summary>
    public const string HelpText =
        "Exit codes:\n" +
        "  0    success\n" +
        "  1    a gate failed (compare: a regression; measure-error: an error beyond --max-error)\n" +
        "  2    bad input: scenario file error, bad argument or setting\n" +
        "  70   internal error (a bug; the stack trace is printed)\n" +
        "  130  cancelled by Ctrl-C";
}
