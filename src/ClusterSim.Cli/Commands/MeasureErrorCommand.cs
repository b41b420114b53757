using System.CommandLine;
using System.Globalization;
using ClusterSim.Measurements;

namespace ClusterSim.Cli.Commands;

/// <summary>The parsed arguments of `clustersim measure-error`.</summary>
/// <param name="Scenario">Scenario file path or catalog name describing the measured deployment and harness.</param>
/// <param name="Measured">The measurement file.</param>
/// <param name="Json">Write the report as JSON on stdout instead of a table.</param>
/// <param name="MaxErrorPercent">Exit 1 when any compared metric's |error| exceeds this many percent; null: no gate.</param>
/// <param name="Format">The measurement's format; null tells it from the file.</param>
/// <param name="Record">Which run of a file holding several (an SGLang JSONL line), 1-based; null when it holds one.</param>
/// <param name="Settings">The --set overrides applied to the scenario, in order.</param>
public sealed record MeasureErrorArguments(
    string Scenario,
    string Measured,
    bool Json = false,
    double? MaxErrorPercent = null,
    MeasurementFormat? Format = null,
    int? Record = null,
    IReadOnlyList<SetAssignment>? Settings = null)
{
    /// <summary>--allow-large: simulate even when the run-time estimate is over Runs:MaxRunHours.</summary>
    public bool AllowLarge { get; init; }

    /// <summary>--calibration: the overlay file laid over the scenario, or null.</summary>
    public string? Calibration { get; init; }
}

/// <summary>Defines `clustersim measure-error`: a scenario's prediction against a measured benchmark result.</summary>
public static class MeasureErrorCommand
{
    /// <summary>The verb.</summary>
    public const string Name = "measure-error";

    /// <summary>Creates the command; <paramref name="handler"/> receives the parsed arguments.</summary>
    public static Command Create(Func<MeasureErrorArguments, CancellationToken, Task<int>> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        var scenario = CliOptions.Scenario("Scenario file (.yaml) or catalog name describing the measured deployment and the harness "
            + "(same concurrency or arrival rate, request count and lengths).");
        var measured = new Argument<string>("MEASURED")
        {
            Description = "Measurement file: vLLM benchmark_serving.py --save-result JSON, SGLang bench_serving --output-file JSONL, "
                + "trtllm-bench --report_json JSON, or a per-request CSV (arrival_s,input_tokens,output_tokens,ttft_ms,e2e_ms).",
            Arity = ArgumentArity.ExactlyOne,
        }.RejectingOptionLikeValues();
        var json = new Option<bool>("--json") { Description = "Write the report as JSON on stdout instead of a table." };
        var maxError = new Option<double?>("--max-error")
        {
            Description = "Exit 1 when any compared metric's |error| exceeds PCT percent (metrics not measured are not gated).",
            HelpName = "PCT",
        };
        maxError.Check<double?>(value => value is null || (double.IsFinite(value.Value) && value.Value >= 0)
            ? null
            : $"--max-error must be a finite number >= 0, got {value!.Value.ToString(CultureInfo.InvariantCulture)}");
        var format = new Option<string>("--format")
        {
            Description = "Format of MEASURED; auto tells it from the extension (.csv, .jsonl) and the JSON keys.",
            HelpName = "auto|vllm|sglang|trtllm|csv",
            DefaultValueFactory = _ => "auto",
        };
        format.AcceptOnlyFromAmong("auto", "vllm", "sglang", "trtllm", "csv");
        var record = new Option<int?>("--record")
        {
            Description = "Which run of a file holding several (SGLang appends one JSONL line per benchmark run), 1-based.",
            HelpName = "N",
        };
        record.Check<int?>(value => value is null or >= 1 ? null : "--record must be at least 1");
        var settings = CliOptions.Set();
        var allowLarge = CliOptions.AllowLarge();
        var calibration = CliOptions.Calibration();

        var command = new Command(Name, "Simulate the scenario and compare it with a measured benchmark result, metric by metric "
            + "(throughput total, per GPU and per user; TTFT, TPOT, E2E mean and p50/p90/p99): predicted, measured, error %.")
        {
            scenario, measured, json, maxError, format, record, settings, allowLarge, calibration,
        };
        command.SetAction((parse, ct) =>
        {
            MeasurementFormats.TryParse(parse.GetValue(format) ?? "auto", out var chosen);
            return handler(
                new MeasureErrorArguments(
                    parse.GetRequiredValue(scenario),
                    parse.GetRequiredValue(measured),
                    parse.GetValue(json),
                    parse.GetValue(maxError),
                    chosen,
                    parse.GetValue(record),
                    parse.GetList(settings))
                {
                    AllowLarge = parse.GetValue(allowLarge),
                    Calibration = parse.GetValue(calibration),
                },
                ct);
        });
        return command;
    }
}
