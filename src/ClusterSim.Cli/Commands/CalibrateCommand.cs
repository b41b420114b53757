using System.CommandLine;
using ClusterSim.Measurements;
using ClusterSim.Scenarios;

namespace ClusterSim.Cli.Commands;

/// <summary>The parsed arguments of `clustersim calibrate`.</summary>
/// <param name="Scenarios">Scenario files or catalog names: one per measured run (same order), or one for all runs.</param>
/// <param name="Measured">The measurement files.</param>
/// <param name="Out">The overlay file to write.</param>
/// <param name="Parameters">The parameters to fit.</param>
/// <param name="Folds">k of k-fold (0: none).</param>
/// <param name="HoldoutFiles">Measurement files held out from the fit (a subset of <paramref name="Measured"/>).</param>
public sealed record CalibrateArguments(
    IReadOnlyList<string> Scenarios,
    IReadOnlyList<string> Measured,
    string Out,
    IReadOnlyList<CalibrationParameter> Parameters,
    int Folds,
    IReadOnlyList<string> HoldoutFiles)
{
    /// <summary>The --set overrides applied to every scenario, in order.</summary>
    public IReadOnlyList<SetAssignment> Settings { get; init; } = [];

    /// <summary>--requests: simulate this many requests per run (shorter evaluations), or null for the harness's count.</summary>
    public int? Requests { get; init; }

    /// <summary>--max-evaluations: objective evaluations per fit.</summary>
    public int MaxEvaluations { get; init; } = Calibrator.DefaultMaxEvaluations;

    /// <summary>--parallel: runs simulated at once (0: one per core).</summary>
    public int Parallel { get; init; }

    /// <summary>--format of every measurement file; null tells each from the file.</summary>
    public MeasurementFormat? Format { get; init; }
}

/// <summary>Defines `clustersim calibrate`: fit named parameters to measured runs and write a calibration overlay.</summary>
public static class CalibrateCommand
{
    /// <summary>The verb.</summary>
    public const string Name = "calibrate";

    /// <summary>Creates the command; <paramref name="handler"/> receives the parsed arguments.</summary>
    public static Command Create(Func<CalibrateArguments, CancellationToken, Task<int>> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        var scenarios = new Argument<string[]>("SCENARIO")
        {
            Description = "Scenario files (.yaml) or catalog names describing the measured deployments and harnesses: one per measured run "
                + "in the same order, or one for every run (each run's max_concurrency, request rate and prompt count are then set on it).",
            Arity = ArgumentArity.OneOrMore,
        }.RejectingOptionLikeValues();
        var measured = new Option<string[]>("--measured")
        {
            Description = "Measurement files (vLLM --save-result JSON, SGLang JSONL, trtllm-bench JSON, per-request CSV); every run of every file is fitted.",
            HelpName = "FILE",
            Required = true,
            AllowMultipleArgumentsPerToken = true,
            Arity = ArgumentArity.OneOrMore,
        };
        var output = new Option<string>("--out", "-o")
        {
            Description = "The calibration overlay to write (YAML); nothing is written when the held-out error gets worse.",
            HelpName = "FILE",
            Required = true,
        };
        var holdout = new Option<string?>("--holdout")
        {
            Description = "K-fold cross-validation (K >= 2, written K or K-fold): each fold is predicted by the fit on the others; the overlay is the fit on every run.",
            HelpName = "K-fold",
        };
        holdout.Check<string?>(value => value is null || ParseFolds(value) is not null ? null : $"--holdout takes K or K-fold with K >= 2, got '{value}'");
        var holdoutFiles = new Option<string[]>("--holdout-files")
        {
            Description = "Measurement files (among --measured) held out of the fit and only predicted.",
            HelpName = "FILE",
            AllowMultipleArgumentsPerToken = true,
        };
        var parameters = new Option<string?>("--params")
        {
            Description = $"Comma-separated parameters to fit, from: {CalibrationParameter.Names}. Default: {string.Join(",", CalibrationParameter.Defaults.Select(p => p.Name))}.",
            HelpName = "a,b,c",
        };
        parameters.Check<string?>(value => value is null || ParseParameters(value) is not null ? null : $"--params takes a comma-separated list of: {CalibrationParameter.Names}; got '{value}'");
        var requests = new Option<int?>("--requests")
        {
            Description = "Simulate this many requests per run instead of the harness's count (shorter evaluations; the harness check warns).",
            HelpName = "N",
        };
        requests.Check<int?>(value => value is null or >= 1 ? null : "--requests must be at least 1");
        var evaluations = new Option<int>("--max-evaluations")
        {
            Description = "Objective evaluations per fit (each simulates every fitted run once).",
            HelpName = "N",
            DefaultValueFactory = _ => Calibrator.DefaultMaxEvaluations,
        }.AtLeast(1);
        var parallel = new Option<int>("--parallel")
        {
            Description = "Runs simulated at once within an evaluation (0: one per core).",
            HelpName = "N",
            DefaultValueFactory = _ => 0,
        }.AtLeast(0);
        var format = new Option<string>("--format")
        {
            Description = "Format of every measurement file; auto tells each from its extension and keys.",
            HelpName = "auto|vllm|sglang|trtllm|csv",
            DefaultValueFactory = _ => "auto",
        };
        format.AcceptOnlyFromAmong("auto", "vllm", "sglang", "trtllm", "csv");
        var settings = CliOptions.Set();

        var command = new Command(Name, "Fit named parameters (host overheads, GEMM tile efficiencies, all-to-all SMs, expert skew) to measured runs "
            + "by bounded least squares on log error and write a calibration overlay for --calibration; refuses a fit that predicts held-out runs worse.")
        {
            scenarios, measured, output, holdout, holdoutFiles, parameters, requests, evaluations, parallel, format, settings,
        };
        command.SetAction((parse, ct) =>
        {
            MeasurementFormats.TryParse(parse.GetValue(format) ?? "auto", out var chosen);
            return handler(
                new CalibrateArguments(
                    parse.GetRequiredValue(scenarios),
                    parse.GetRequiredValue(measured),
                    parse.GetRequiredValue(output),
                    parse.GetValue(parameters) is { } list ? ParseParameters(list)! : CalibrationParameter.Defaults,
                    parse.GetValue(holdout) is { } k ? ParseFolds(k)!.Value : 0,
                    parse.GetValue(holdoutFiles) ?? [])
                {
                    Settings = parse.GetList(settings),
                    Requests = parse.GetValue(requests),
                    MaxEvaluations = parse.GetValue(evaluations),
                    Parallel = parse.GetValue(parallel),
                    Format = chosen,
                },
                ct);
        });
        return command;
    }

    /// <summary>"5" or "5-fold" as 5; null when not an integer of at least 2.</summary>
    public static int? ParseFolds(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var digits = text.Trim();
        if (digits.EndsWith("-fold", StringComparison.OrdinalIgnoreCase))
        {
            digits = digits[..^5];
        }

        return int.TryParse(digits, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var k) && k >= 2 ? k : null;
    }

    /// <summary>The parameters of a comma-separated list; null when one is unknown or the list is empty.</summary>
    public static IReadOnlyList<CalibrationParameter>? ParseParameters(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var found = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(CalibrationParameter.Find).ToArray();
        return found.Length == 0 || found.Any(p => p is null) ? null : found.OfType<CalibrationParameter>().Distinct().ToArray();
    }
}
