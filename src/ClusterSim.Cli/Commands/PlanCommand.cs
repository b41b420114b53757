using System.CommandLine;

namespace ClusterSim.Cli.Commands;

/// <summary>The parsed arguments of `clustersim plan`.</summary>
/// <param name="Plan">Plan file path, or a plan name from the catalog (plans/NAME).</param>
/// <param name="OutDirectory">The plan folder, or null for &lt;Runs:Directory&gt;/&lt;plan&gt;-plan.</param>
/// <param name="Force">Replace the plan in an existing plan folder.</param>
/// <param name="Jobs">Candidates judged at once; 0 means one per processor.</param>
/// <param name="ShardIndex">This machine's shard, 0-based; 0 when not sharded.</param>
/// <param name="ShardCount">Number of shards; 1 when not sharded.</param>
/// <param name="Settings">--set overrides laid over the base scenario after the plan's own.</param>
public sealed record PlanArguments(
    string Plan,
    string? OutDirectory,
    bool Force,
    int Jobs,
    int ShardIndex,
    int ShardCount,
    IReadOnlyList<SetAssignment> Settings)
{
    /// <summary>True when --shard-index was given; otherwise the shard comes from JOB_COMPLETION_INDEX or SLURM_ARRAY_TASK_ID.</summary>
    public bool ShardIndexGiven { get; init; }

    /// <summary>--objective: overrides the plan file's objective; null keeps it.</summary>
    public string? Objective { get; init; }

    /// <summary>--gpus: "N" or "A-B", overriding the plan file's budget; null keeps it.</summary>
    public string? Gpus { get; init; }

    /// <summary>--dry-run: enumerate and prune only; plan.csv says which candidates would be simulated.</summary>
    public bool DryRun { get; init; }

    /// <summary>--top: overrides the plan file's top; null keeps it.</summary>
    public int? Top { get; init; }
}

/// <summary>The parsed arguments of `clustersim plan merge`.</summary>
/// <param name="Directories">Shard folders of one plan.</param>
/// <param name="OutDirectory">The merged plan folder.</param>
/// <param name="Force">Replace the plan in an existing plan folder.</param>
public sealed record PlanMergeArguments(IReadOnlyList<string> Directories, string OutDirectory, bool Force);

/// <summary>Defines `clustersim plan`: the best deployment for a GPU budget, SLOs and an objective.</summary>
public static class PlanCommand
{
    /// <summary>The verb.</summary>
    public const string Name = "plan";

    /// <summary>Creates the command; the handlers receive the parsed arguments.</summary>
    public static Command Create(Func<PlanArguments, CancellationToken, Task<int>> handler, Func<PlanMergeArguments, CancellationToken, Task<int>> merge)
    {
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentNullException.ThrowIfNull(merge);
        var plan = new Argument<string>("PLAN")
        {
            Description = "Plan file (.yaml, docs/planning.md) or a plan name from the catalog (plans/NAME).",
            Arity = ArgumentArity.ExactlyOne,
        }.RejectingOptionLikeValues();
        var outDirectory = new Option<string?>("--out", "-o")
        {
            Description = "Plan folder: plan.csv, pareto.csv, pareto.svg, report.html, winners/*.yaml, results.json. Default: <Runs:Directory>/<plan>-plan.",
            HelpName = "DIR",
        };
        var force = new Option<bool>("--force") { Description = "Replace the plan in an existing non-empty plan folder (refuses any other folder)." };
        var jobs = new Option<int>("--jobs", "-j")
        {
            Description = "Candidates judged at once; 0 means one per processor. Results do not depend on it.",
            HelpName = "N",
            DefaultValueFactory = _ => 0,
        }.AtLeast(0);
        var shardIndex = new Option<int?>("--shard-index")
        {
            Description = "This machine's shard of the candidates, 0-based (candidates i with i mod n = index). Needs --shard-count; join with plan merge.",
            HelpName = "i",
        };
        var shardCount = new Option<int?>("--shard-count") { Description = "Number of machines sharing the plan.", HelpName = "n" };
        var objective = new Option<string?>("--objective")
        {
            Description = "Rank by throughput_per_gpu, cost_per_token or energy_per_token instead of the plan file's objective.",
            HelpName = "OBJECTIVE",
        };
        objective.AcceptOnlyFromAmong("throughput_per_gpu", "cost_per_token", "energy_per_token");
        var gpus = new Option<string?>("--gpus")
        {
            Description = "GPU budget instead of the plan file's: N, or A-B for every whole number of nodes from A to B.",
            HelpName = "N|A-B",
        };
        var top = new Option<int?>("--top") { Description = "Rows of the console table and winning scenarios written.", HelpName = "N" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Enumerate and prune only (seconds): plan.csv lists every candidate, why it was pruned or that it would be simulated." };
        var settings = CliOptions.Set();
        var command = new Command(Name, "Search deployments (mode, prefill:decode split, TP x DP, EP, redundant experts, micro-batches, "
            + "running cap, MTP, all-to-all) for the best one under SLOs: prune what cannot work, search the capacity of the rest, "
            + "write plan.csv, the Pareto frontier and the winners as scenarios.")
        {
            plan, outDirectory, force, jobs, shardIndex, shardCount, objective, gpus, top, dryRun, settings,
        };
        command.CheckShard(shardIndex, shardCount);
        command.Validators.Add(result =>
        {
            if (result.GetValue(top) is { } t && t < 1)
            {
                result.AddError($"--top must be at least 1, got {t}");
            }
        });
        command.SetAction((parse, ct) => handler(
            new PlanArguments(
                parse.GetRequiredValue(plan),
                parse.GetValue(outDirectory),
                parse.GetValue(force),
                parse.GetValue(jobs),
                parse.GetValue(shardIndex) ?? 0,
                parse.GetValue(shardCount) ?? 1,
                parse.GetList(settings))
            {
                ShardIndexGiven = parse.GetValue(shardIndex).HasValue,
                Objective = parse.GetValue(objective),
                Gpus = parse.GetValue(gpus),
                Top = parse.GetValue(top),
                DryRun = parse.GetValue(dryRun),
            },
            ct));
        command.Subcommands.Add(CreateMerge(merge));
        return command;
    }

    private static Command CreateMerge(Func<PlanMergeArguments, CancellationToken, Task<int>> handler)
    {
        var directories = new Argument<string[]>("DIR")
        {
            Description = "Shard folders of one plan (each holds results.json).",
            Arity = ArgumentArity.OneOrMore,
        };
        var outDirectory = new Option<string>("--out", "-o") { Description = "The merged plan folder.", HelpName = "DIR", Required = true };
        var force = new Option<bool>("--force") { Description = "Replace the plan in an existing non-empty plan folder." };
        var command = new Command("merge", "Join the shards of a plan into one plan folder (plan.csv, Pareto frontier, report, winners).")
        {
            directories, outDirectory, force,
        };
        command.SetAction((parse, ct) => handler(
            new PlanMergeArguments(parse.GetValue(directories) ?? [], parse.GetRequiredValue(outDirectory), parse.GetValue(force)),
            ct));
        return command;
    }
}
