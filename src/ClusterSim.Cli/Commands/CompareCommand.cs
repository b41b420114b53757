using System.CommandLine;

namespace ClusterSim.Cli.Commands;

/// <summary>The parsed arguments of `clustersim compare`.</summary>
/// <param name="Baseline">The baseline run folder.</param>
/// <param name="Candidate">The candidate run folder.</param>
/// <param name="Tolerances">Per-metric tolerances; metrics not named use the defaults.</param>
/// <param name="PerRequest">Also compare request by request.</param>
/// <param name="Json">Write the report as JSON on stdout instead of a table.</param>
/// <param name="Top">How many of the most slowed requests to list with --per-request.</param>
public sealed record CompareArguments(string Baseline, string Candidate, IReadOnlyList<MetricTolerance> Tolerances, bool PerRequest, bool Json = false, int Top = 10);

/// <summary>Defines `clustersim compare`: the regression gate between two runs.</summary>
public static class CompareCommand
{
    /// <summary>The verb.</summary>
    public const string Name = "compare";

    /// <summary>Creates the command; <paramref name="handler"/> receives the parsed arguments.</summary>
    public static Command Create(Func<CompareArguments, CancellationToken, Task<int>> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        var baseline = new Argument<string>("BASE") { Description = "Baseline run folder, sweep folder, or a summary JSON such as a golden result under scenarios/baselines/." }
            .RejectingOptionLikeValues();
        var candidate = new Argument<string>("CAND") { Description = "Candidate run folder (or sweep folder, or summary JSON), e.g. the same scenario under a new scheduler policy." }
            .RejectingOptionLikeValues();
        var tolerances = CliOptions.Repeatable<MetricTolerance>(
            "--tolerance",
            "METRIC=PCT",
            "Allowed change of a summary metric in percent of the baseline, in the worse direction, "
            + "e.g. --tolerance ttft_p99=5 --tolerance throughput_per_gpu=2. Repeatable; adds a gate or replaces a default "
            + "one. Default gates: TTFT and TPOT p50/p99 and E2E p99 5, output throughput, goodput and SLO attainment 2, "
            + "dropped requests 5 (see docs/scheduling.md).",
            MetricTolerance.TryParse);
        var perRequest = new Option<bool>("--per-request")
        {
            Description = "Also compare requests one by one (joined by id in requests.csv) and list the ones that got slower most.",
        };
        var json = new Option<bool>("--json") { Description = "Write the report as JSON on stdout instead of a table." };
        var top = new Option<int>("--top")
        {
            Description = "How many of the most slowed requests --per-request lists.",
            DefaultValueFactory = _ => 10,
            HelpName = "N",
        }.AtLeast(1);

        var command = new Command(Name, "Compare a candidate run with a baseline run and fail (exit 1) when a metric regresses "
            + "beyond its tolerance.")
        {
            baseline, candidate, tolerances, perRequest, json, top,
        };
        command.SetAction((parse, ct) => handler(
            new CompareArguments(
                parse.GetRequiredValue(baseline),
                parse.GetRequiredValue(candidate),
                parse.GetList(tolerances),
                parse.GetValue(perRequest),
                parse.GetValue(json),
                parse.GetValue(top)),
            ct));
        return command;
    }
}
