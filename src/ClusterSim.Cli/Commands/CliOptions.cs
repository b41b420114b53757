using System.CommandLine;
using System.CommandLine.Parsing;

namespace ClusterSim.Cli.Commands;

/// <summary>Parses one token into a value or an error sentence.</summary>
internal delegate bool TokenParser<T>(string text, out T? value, out string? error);

/// <summary>Builders for the options and arguments several verbs share, so they read the same everywhere.</summary>
internal static class CliOptions
{
    /// <summary>A repeatable option ("--set a=1 --set b=2") whose tokens are parsed one by one.</summary>
    public static Option<IReadOnlyList<T>> Repeatable<T>(string name, string helpName, string description, TokenParser<T> parse)
        where T : class =>
        new(name)
        {
            Description = description,
            HelpName = helpName,
            Arity = ArgumentArity.OneOrMore,
            AllowMultipleArgumentsPerToken = false,
            CustomParser = result => ParseAll(result, parse),
        };

    /// <summary>The value of a repeatable option, empty when it was not given.</summary>
    public static IReadOnlyList<T> GetList<T>(this ParseResult parse, Option<IReadOnlyList<T>> option) =>
        parse.GetValue(option) ?? [];

    /// <summary>A scenario argument: a scenario file path or a name from the scenario catalog.</summary>
    public static Argument<string> Scenario(string description) =>
        new Argument<string>("SCENARIO") { Description = description, Arity = ArgumentArity.ExactlyOne }.RejectingOptionLikeValues();

    /// <summary>
    /// Rejects values that look like options: the parser hands an unknown "--bogus" to a free positional
    /// argument, and a run of a scenario named "--bogus" helps nobody.
    /// </summary>
    public static Argument<T> RejectingOptionLikeValues<T>(this Argument<T> argument)
    {
        argument.Validators.Add(result =>
        {
            foreach (var token in result.Tokens.Where(t => t.Value.StartsWith('-') && t.Value.Length > 1))
            {
                result.AddError($"unrecognized option '{token.Value}'");
            }
        });
        return argument;
    }

    /// <summary>The repeatable "--set key=value" override option of run and validate.</summary>
    public static Option<IReadOnlyList<SetAssignment>> Set() =>
        Repeatable<SetAssignment>(
            "--set",
            "key=value",
            "Override one scenario value before validation: a dotted key path and a value in the file's units, "
            + "e.g. --set deployment.decode.experts.ep=32 --set cluster.fabric.oversubscription=2. Repeatable; later wins.",
            SetAssignment.TryParse);

    /// <summary>The --allow-large flag of run, sweep and capacity: run even when the estimate is over a Runs: limit.</summary>
    public static Option<bool> AllowLarge() => new("--allow-large")
    {
        Description = "Run even when the estimated output (Runs:MaxOutputBytes, Runs:MaxTimeseriesRows) or wall time "
            + "(Runs:MaxRunHours) is over its limit; `validate` prints the estimate.",
    };

    /// <summary>The --calibration FILE option of run, sweep, capacity and measure-error.</summary>
    public static Option<string?> Calibration() => new("--calibration")
    {
        Description = "Calibration overlay written by `clustersim calibrate --out` (docs/calibration.md): its fitted host overheads, "
            + "GEMM tile efficiency multipliers, all-to-all SMs and expert skew are laid over the scenario; summary.json records it.",
        HelpName = "FILE",
    };

    /// <summary>Reads the overlay named by --calibration, or null when none was given.</summary>
    /// <exception cref="Input.InputException">A missing or malformed overlay.</exception>
    public static Scenarios.CalibrationOverlay? ReadCalibration(string? file) => file is null ? null : Scenarios.CalibrationOverlay.Read(file);

    /// <summary>Adds a validator rejecting values below <paramref name="minimum"/>.</summary>
    public static T AtLeast<T>(this T option, int minimum)
        where T : Option<int>
    {
        option.Check<int>(value => value < minimum ? $"{option.Name} must be at least {minimum}" : null);
        return option;
    }

    /// <summary>
    /// Adds a check of the parsed value (<paramref name="problem"/> returns the error, or null when fine). A value that
    /// did not parse at all is left to the parser's own one-line error instead of failing inside the check.
    /// </summary>
    public static void Check<TValue>(this Option option, Func<TValue?, string?> problem)
    {
        ArgumentNullException.ThrowIfNull(option);
        ArgumentNullException.ThrowIfNull(problem);
        option.Validators.Add(result =>
        {
            TValue? value;
            try
            {
                value = result.GetValueOrDefault<TValue>();
            }
            catch (InvalidOperationException)
            {
                return; // not a TValue at all: the parser reports it
            }

            if (problem(value) is { } error)
            {
                result.AddError(error);
            }
        });
    }

    private static IReadOnlyList<T> ParseAll<T>(ArgumentResult result, TokenParser<T> parse)
        where T : class
    {
        var values = new List<T>(result.Tokens.Count);
        foreach (var token in result.Tokens)
        {
            if (!parse(token.Value, out var value, out var error))
            {
                result.AddError(error ?? $"cannot read '{token.Value}'");
                return [];
            }

            values.Add(value!);
        }

        return values;
    }

    /// <summary>
    /// Checks a --shard-index / --shard-count pair as sweep and plan take it: the index needs the count (the count alone
    /// takes the index from JOB_COMPLETION_INDEX or SLURM_ARRAY_TASK_ID), and 0 &lt;= index &lt; count.
    /// </summary>
    public static void CheckShard(this Command command, Option<int?> shardIndex, Option<int?> shardCount)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Validators.Add(result =>
        {
            var index = result.GetValue(shardIndex);
            var count = result.GetValue(shardCount);
            if (index.HasValue && !count.HasValue)
            {
                result.AddError("--shard-index needs --shard-count (--shard-count alone takes the index from JOB_COMPLETION_INDEX or SLURM_ARRAY_TASK_ID)");
            }
            else if (count is { } n && index is { } i && (n < 1 || i < 0 || i >= n))
            {
                result.AddError($"--shard-index {i} --shard-count {n}: need shard count >= 1 and 0 <= shard index < shard count");
            }
        });
    }
}
