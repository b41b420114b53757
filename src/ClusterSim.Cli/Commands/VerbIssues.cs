namespace ClusterSim.Cli.Commands;

/// <summary>The issue that brings each verb to life, quoted by the "not available yet" line.</summary>
public static class VerbIssues
{
    /// <summary>The foundation issue (engine, CLI host, quick benchmarks).</summary>
    public const int Bench = 2;

    /// <summary>Scenario files and their validation.</summary>
    public const int Validate = 9;

    /// <summary>Closed-form analysis of models on hardware.</summary>
    public const int Analyze = 3;

    /// <summary>Serving simulation end to end.</summary>
    public const int Run = 5;

    /// <summary>Trace outputs and their inspection.</summary>
    public const int Trace = 7;

    /// <summary>Parameter sweeps.</summary>
    public const int Sweep = 6;

    /// <summary>Maximum load under SLO.</summary>
    public const int Capacity = 6;

    /// <summary>Tolerance-gated comparison of two runs.</summary>
    public const int Compare = 8;
}
