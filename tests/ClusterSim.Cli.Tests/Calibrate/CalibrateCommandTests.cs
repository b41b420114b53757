using System.Text.Json;
using System.Text.Json.Nodes;

namespace ClusterSim.Cli.Tests.Calibrate;

/// <summary>
/// `clustersim calibrate` and `--calibration` end to end on the worked example of docs/calibration.md
/// (scenarios/calibration: SYNTHETIC measurements made by ClusterSim with a known ground-truth overlay plus 2 % noise).
/// Few evaluations keep each fit to seconds; the recovery of the parameters themselves is tested in
/// ClusterSim.Tests.Calibration.SyntheticGroundTruthTests.
/// </summary>
public sealed class CalibrateCommandTests : IDisposable
{
    private static readonly string Example = Path.Combine(RepositoryPaths.Root, "scenarios", "calibration");

    private static readonly string Scenario = Path.Combine(Example, "llama-3-70b-h100-tp8-vllm.yaml");

    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    private static string Measurement(int concurrency) => Path.Combine(Example, $"vllm-c{concurrency}.json");

    [Fact]
    public async Task Calibrate_writes_an_overlay_that_run_accepts_and_that_moves_the_prediction_toward_the_measurement()
    {
        var overlay = Path.Combine(temp.Path, "calibration.yaml");

        var fit = await CliRunner.RunAsync(
            "calibrate", Scenario, "--measured", Measurement(1), Measurement(16), Measurement(64), "--holdout-files", Measurement(16),
            "--params", "host_overhead_per_step,gemm_compute", "--max-evaluations", "30", "--out", overlay);

        Assert.True(fit.ExitCode == 0, fit.Error);
        Assert.Contains("held out", fit.Out, StringComparison.Ordinal);
        Assert.Contains("held-out error improved", fit.Out, StringComparison.Ordinal);
        var text = await File.ReadAllTextAsync(overlay);
        Assert.Matches(@"host_overhead_per_step: \{ value: [\d.]+ ms, source: ""calibrated: vllm-c1.json, vllm-c16.json, vllm-c64.json, \d{4}-\d\d-\d\d, held-out error [\d.]+ %"" \}", text);
        Assert.Contains("gemm_compute: { value: ", text, StringComparison.Ordinal);

        // run accepts it, records it, and predicts the slower engine the measurements describe (the ground truth has
        // 3 ms of host time per step where vLLM's profile has 1 ms, and 0.8 of the tile compute efficiency).
        var before = await Run("plain");
        var after = await Run("calibrated", "--calibration", overlay);
        Assert.Null(before["calibration"]);
        Assert.Equal("calibration.yaml", (string)after["calibration"]!["file"]!);
        Assert.StartsWith("calibrated: ", (string)after["calibration"]!["values"]!["gemm_compute"]!["source"]!, StringComparison.Ordinal);
        Assert.True((double)after["latency_ms"]!["tpot"]!["mean"]! > (double)before["latency_ms"]!["tpot"]!["mean"]!);
        Assert.True((double)after["latency_ms"]!["ttft"]!["mean"]! > (double)before["latency_ms"]!["ttft"]!["mean"]!);

        // measure-error with the overlay: the held-out run's largest error shrinks.
        var plainError = await LargestError();
        var calibratedError = await LargestError("--calibration", overlay);
        Assert.True(calibratedError < plainError / 2, $"largest |error| {calibratedError:0.##} % calibrated, {plainError:0.##} % before");
    }

    [Fact]
    public async Task A_fit_that_predicts_the_held_out_runs_worse_is_refused_and_nothing_is_written()
    {
        // The held-out run is c4's measurement with every latency scaled by 0.7: an engine faster than the prior
        // predicts, while the fitted runs say it is slower. Fitting them moves the prediction away from it.
        var faster = Path.Combine(temp.Path, "vllm-c4-faster.json");
        var json = JsonNode.Parse(await File.ReadAllTextAsync(Measurement(4)))!.AsObject();
        foreach (var key in new[] { "ttfts", "latencies" })
        {
            json[key] = new JsonArray(json[key]!.AsArray().Select(v => (JsonNode)JsonValue.Create((double)v! * 0.7)).ToArray());
        }

        json["duration"] = (double)json["duration"]! * 0.7;
        json["output_throughput"] = (double)json["output_throughput"]! / 0.7;
        await File.WriteAllTextAsync(faster, json.ToJsonString());
        var overlay = Path.Combine(temp.Path, "refused.yaml");

        var fit = await CliRunner.RunAsync(
            "calibrate", Scenario, "--measured", Measurement(1), Measurement(64), faster, "--holdout-files", faster,
            "--params", "host_overhead_per_step", "--max-evaluations", "12", "--out", overlay);

        Assert.Equal(1, fit.ExitCode);
        Assert.Contains("held-out error got worse", fit.Out, StringComparison.Ordinal);
        Assert.Contains("Refused", fit.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(overlay));
    }

    [Fact]
    public async Task K_fold_predicts_every_run_from_the_fit_on_the_others_and_reports_them_as_held_out()
    {
        var overlay = Path.Combine(temp.Path, "kfold.yaml");

        var fit = await CliRunner.RunAsync(
            "calibrate", Scenario, "--measured", Measurement(1), Measurement(4), Measurement(16), "--holdout", "3-fold",
            "--params", "host_overhead_per_step", "--max-evaluations", "12", "--out", overlay);

        Assert.True(fit.ExitCode == 0, fit.Error);
        // Every one of the three runs is held out once, 15 metrics each.
        Assert.Matches(@"held out\s+│\s+3 │\s+45 │", fit.Out);
        Assert.Matches(@"held_out_error_percent: [\d.]+", await File.ReadAllTextAsync(overlay));
    }

    [Theory]
    [InlineData("--params", "host_overhead_per_step,warp_speed", "--params takes a comma-separated list of")]
    [InlineData("--holdout", "1-fold", "--holdout takes K or K-fold with K >= 2")]
    [InlineData("--holdout-files", "elsewhere.json", "is not one of the --measured files")]
    public async Task Bad_options_exit_2_with_one_line(string option, string value, string expected)
    {
        var result = await CliRunner.RunAsync("calibrate", Scenario, "--measured", Measurement(1), option, value, "--out", Path.Combine(temp.Path, "x.yaml"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_refuses_a_malformed_overlay_in_one_line()
    {
        var overlay = Path.Combine(temp.Path, "bad.yaml");
        await File.WriteAllTextAsync(overlay, "values:\n  gemm_compute: { value: 7, source: \"by hand\" }\n");

        var result = await CliRunner.RunAsync("run", Scenario, "--calibration", overlay, "--out", Path.Combine(temp.Path, "run"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("values.gemm_compute.value", result.Error, StringComparison.Ordinal);
        Assert.Contains("outside [0.25, 2]", result.Error, StringComparison.Ordinal);
    }

    private async Task<JsonNode> Run(string name, params string[] extra)
    {
        var folder = Path.Combine(temp.Path, name);
        var result = await CliRunner.RunAsync(["run", Scenario, "--set", "workload.concurrency=16", "--set", "workload.requests=16", "--out", folder, .. extra]);
        Assert.True(result.ExitCode == 0, result.Error);
        return JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(folder, "summary.json")))!;
    }

    private static async Task<double> LargestError(params string[] extra)
    {
        var result = await CliRunner.RunAsync(["measure-error", Scenario, Measurement(16), "--set", "workload.concurrency=16", "--set", "workload.requests=16", "--json", .. extra]);
        Assert.True(result.ExitCode == 0, result.Error);
        using var report = JsonDocument.Parse(result.Out);
        return report.RootElement.GetProperty("metrics").EnumerateArray().Max(m => Math.Abs(m.GetProperty("error_percent").GetDouble()));
    }
}
