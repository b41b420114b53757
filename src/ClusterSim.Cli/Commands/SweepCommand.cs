using System.CommandLine;

namespace ClusterSim.Cli.Commands;

/// <summary>The parsed arguments of `clustersim sweep`.</summary>
/// <param name="Scenario">Scenario file path or catalog name.</param>
/// <param name="Axes">The swept values; the sweep runs their cross product.</param>
/// <param name="OutDirectory">The --out folder, or null for runs/&lt;scenario&gt;-sweep-&lt;timestamp&gt;.</param>
/// <param name="Parallel">Runs at once; 0 means one per processor.</param>
/// <param name="ShardIndex">This machine's shard, 0-based; 0 when not sharded.</param>
/// <param name="ShardCount">Number of shards; 1 when not sharded.</param>
public sealed record SweepArguments(
    string Scenario,
    IReadOnlyList<SweepAxis> Axes,
    string? OutDirectory,
    int Parallel,
    int ShardIndex,
    int ShardCount)
{
    /// <summary>True when --shard-index was given; otherwise the shard comes from JOB_COMPLETION_INDEX or SLURM_ARRAY_TASK_ID.</summary>
    public bool ShardIndexGiven { get; init; }

    /// <summary>--allow-large: run points whose run-time estimate is over Runs:MaxRunHours.</summary>
    public bool AllowLarge { get; init; }

    /// <summary>--calibration: the overlay file laid over the scenario, or null.</summary>
    public string? Calibration { get; init; }
}

/// <summary>The parsed arguments of `clustersim sweep merge`.</summary>
/// <param name="Directories">Sweep or shard folders to join (the same sweep).</param>
/// <param name="OutDirectory">Where sweep.csv and the plots go; null for the first folder.</param>
public sealed record SweepMergeArguments(IReadOnlyList<string> Directories, string? OutDirectory);

/// <summary>Defines `clustersim sweep`: run a scenario over the cross product of value lists.</summary>
public static class SweepCommand
{
    /// <summary>The verb.</summary>
    public const string Name = "sweep";

    /// <summary>Creates the command; <paramref name="handler"/> receives the parsed arguments.</summary>
    public static Command Create(
        Func<SweepArguments, CancellationToken, Task<int>> handler,
        Func<SweepMergeArguments, CancellationToken, Task<int>>? merge = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        var scenario = CliOptions.Scenario("Scenario file (.yaml) or a scenario name from the catalog.");
        var axes = CliOptions.Repeatable<SweepAxis>(
            "--set",
            "key=v1,v2,...",
            "A swept value: a dotted key path and a comma-separated list of values in the file's units, "
            + "e.g. --set deployment.decode.experts.ep=8,16,32. Repeatable; the sweep runs the cross product.",
            SweepAxis.TryParse);
        axes.Required = true;
        var outDirectory = new Option<string?>("--out", "-o")
        {
            Description = "Sweep folder: one run folder per point plus sweep.csv. Default: <Runs:Directory>/<scenario>-sweep-<yyyyMMdd-HHmmss>.",
            HelpName = "DIR",
        };
        var parallel = new Option<int>("--parallel", "-j")
        {
            Description = "Runs simulated at once; 0 means one per processor. Results do not depend on it.",
            HelpName = "N",
            DefaultValueFactory = _ => 0,
        }.AtLeast(0);
        var shardIndex = new Option<int?>("--shard-index")
        {
            Description = "This machine's shard of the points, 0-based (points i with i mod n = index). Needs --shard-count.",
            HelpName = "i",
        };
        var shardCount = new Option<int?>("--shard-count")
        {
            Description = "Number of machines sharing the sweep. Needs --shard-index.",
            HelpName = "n",
        };

        var allowLarge = CliOptions.AllowLarge();
        var calibration = CliOptions.Calibration();
        var command = new Command(Name, "Run a scenario over the cross product of --set value lists and tabulate the results (sweep.csv).")
        {
            scenario, axes, outDirectory, parallel, shardIndex, shardCount, allowLarge, calibration,
        };
        command.CheckShard(shardIndex, shardCount);
        command.SetAction((parse, ct) => handler(
            new SweepArguments(
                parse.GetRequiredValue(scenario),
                parse.GetList(axes),
                parse.GetValue(outDirectory),
                parse.GetValue(parallel),
                parse.GetValue(shardIndex) ?? 0,
                parse.GetValue(shardCount) ?? 1)
            {
                ShardIndexGiven = parse.GetValue(shardIndex).HasValue,
                AllowLarge = parse.GetValue(allowLarge),
                Calibration = parse.GetValue(calibration),
            },
            ct));
        if (merge is not null)
        {
            command.Subcommands.Add(CreateMerge(merge));
        }

        return command;
    }

    private static Command CreateMerge(Func<SweepMergeArguments, CancellationToken, Task<int>> handler)
    {
        var directories = new Argument<string[]>("DIR")
        {
            Description = "Sweep or shard folders of one sweep (each holds sweep.json and point-* folders).",
            Arity = ArgumentArity.OneOrMore,
        };
        var outDirectory = new Option<string?>("--out", "-o")
        {
            Description = "Folder for the merged sweep.csv and plots. Default: the first DIR.",
            HelpName = "DIR",
        };
        var command = new Command("merge", "Join the point folders of a sharded sweep into one sweep.csv and its plots.")
        {
            directories, outDirectory,
        };
        command.SetAction((parse, ct) => handler(
            new SweepMergeArguments(parse.GetValue(directories) ?? [], parse.GetValue(outDirectory)),
            ct));
        return command;
    }
}
