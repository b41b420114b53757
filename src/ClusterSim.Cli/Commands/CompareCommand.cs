using System.CommandLine;

namespace ClusterSim.Cli.Commands;

/// <summary>The parsed arguments of `clustersim compare`.</summary>
/// <param name="Baseline">The baseline run folder.</param>
/// <param name="Candidate">The candidate run folder.</param>
/// <param name="Tolerances">Per-metric tolerances; metrics not named use the defaults.</param>
/// <param name="PerRequest">Also compare request by request.</param>
public sealed record CompareArguments(string Baseline, string Candidate, IReadOnlyList<MetricTolerance> Tolerances, bool PerRequest);

/// <summary>Defines `clustersim compare`: the regression gate between two runs.</summary>
public static class CompareCommand
{
    /// <summary>The verb.</summary>
    public const string Name = "compare";

    /// <summary>Creates the command; <paramref name="handler"/> receives the parsed arguments.</summary>
    public static Command Create(Func<CompareArguments, CancellationToken, Task<int>> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        var baseline = new Argument<string>("BASE") { Description = "Baseline run folder (or a golden result under scenarios/baselines/)." }
            .RejectingOptionLikeValues();
        var candidate = new Argument<string>("CAND") { Description = "Candidate run folder, e.g. the same scenario under a new scheduler policy." }
            .RejectingOptionLikeValues();
        var tolerances = CliOptions.Repeatable<MetricTolerance>(
            "--tolerance",
            "METRIC=PCT",
            "Allowed change of a summary metric in percent of the baseline, in the worse direction, "
            + "e.g. --tolerance ttft_p99=5 --tolerance throughput_per_gpu=2. Repeatable. Metrics not named must match exactly.",
            MetricTolerance.TryParse);
        var perRequest = new Option<bool>("--per-request")
        {
            Description = "Also compare requests one by one (same ids, same token counts) and list the ones that moved most.",
        };

        var command = new Command(Name, "Compare a candidate run with a baseline run and fail (exit 1) when a metric regresses "
            + "beyond its tolerance.")
        {
            baseline, candidate, tolerances, perRequest,
        };
        command.SetAction((parse, ct) => handler(
            new CompareArguments(parse.GetRequiredValue(baseline), parse.GetRequiredValue(candidate), parse.GetList(tolerances), parse.GetValue(perRequest)),
            ct));
        return command;
    }
}
