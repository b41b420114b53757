namespace ClusterSim.Cli.Commands;

/// <summary>The issue that brings each verb to life, quoted by the "not available yet" line.</summary>
/// <remarks>
/// Analyze (issue 3, closed-form analysis of models and hardware) and trace (issue 9, trace files) come from
/// the task briefs; the others are the lead's to confirm when the issue list is at hand.
/// </remarks>
public static class VerbIssues
{
    /// <summary>The foundation issue (engine, CLI host, quick benchmarks).</summary>
    public const int Bench = 1;

    /// <summary>Scenario files and their validation.</summary>
    public const int Validate = 2;

    /// <summary>Closed-form analysis of models on hardware.</summary>
    public const int Analyze = 3;

    /// <summary>Serving simulation end to end.</summary>
    public const int Run = 5;

    /// <summary>Trace outputs and their inspection.</summary>
    public const int Trace = 9;

    /// <summary>Parameter sweeps.</summary>
    public const int Sweep = 10;

    /// <summary>Maximum load under SLO.</summary>
    public const int Capacity = 11;

    /// <summary>Tolerance-gated comparison of two runs.</summary>
    public const int Compare = 12;
}
