using System.Text.Json.Nodes;

namespace ClusterSim.Cli.Tests.MeasureError;

/// <summary>`clustersim measure-error` end to end on the synthetic samples and their small scenario (8 requests, well under a second simulated).</summary>
public sealed class MeasureErrorCommandTests : IDisposable
{
    private static readonly string Samples = Path.Combine(RepositoryPaths.Root, "tests", "ClusterSim.Tests", "Measurements", "Samples");

    private static readonly string Scenario = Path.Combine(Samples, "llama-3-70b-h100-tp8-c4.yaml");

    private static readonly string Vllm = Path.Combine(Samples, "vllm-save-result.json");

    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task Json_lists_every_metric_with_predicted_measured_and_error_and_the_gate_sets_the_exit_code()
    {
        var result = await CliRunner.RunAsync("measure-error", Scenario, Vllm, "--json");

        Assert.True(result.ExitCode == 0, result.Error);
        var report = JsonNode.Parse(result.Out)!;
        Assert.Equal("vllm", (string)report["format"]!);
        Assert.Equal(8, (int)report["accelerators"]!);
        Assert.True((bool)report["within_max_error"]!);
        var metrics = report["metrics"]!.AsArray().ToDictionary(m => (string)m!["name"]!, m => m!);
        Assert.Equal(15, metrics.Count);

        // The measured side is the file's: 128 tokens over 0.62 s, per GPU over the scenario's 8.
        var total = metrics["output_tokens_per_s"];
        Assert.Equal(Math.Round(128 / 0.62, 6), (double)total["measured"]!);
        Assert.Equal("reported", (string)total["measured_from"]!);
        var predicted = (double)total["predicted"]!;
        Assert.Equal(Math.Round((predicted - (128 / 0.62)) / (128 / 0.62) * 100, 4), Math.Round((double)total["error_percent"]!, 4));
        Assert.Equal(Math.Round(128 / 0.62 / 8, 6), (double)metrics["output_tokens_per_s_per_gpu"]["measured"]!);
        Assert.Equal(Math.Round(predicted / 8, 5), Math.Round((double)metrics["output_tokens_per_s_per_gpu"]["predicted"]!, 5));
        // p90 TTFT is not in the file but is derived from its ttfts: 96.5 ms.
        Assert.Equal(96.5, (double)metrics["ttft_ms.p90"]["measured"]!, 9);
        Assert.Equal("per-request", (string)metrics["ttft_ms.p90"]["measured_from"]!);
        Assert.All(metrics.Values, m => Assert.Equal("compared", (string)m["status"]!));

        // The gate: the largest |error| decides whether a --max-error just below or above it fails.
        var largest = metrics.Values.Max(m => Math.Abs((double)m["error_percent"]!));
        var failing = await CliRunner.RunAsync("measure-error", Scenario, Vllm, "--max-error", (largest * 0.99).ToString("R", System.Globalization.CultureInfo.InvariantCulture));
        var passing = await CliRunner.RunAsync("measure-error", Scenario, Vllm, "--max-error", (largest * 1.01).ToString("R", System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(1, failing.ExitCode);
        Assert.Contains("beyond --max-error", failing.Error, StringComparison.Ordinal);
        Assert.Contains(" beyond it: ", failing.Out, StringComparison.Ordinal);
        Assert.True(passing.ExitCode == 0, passing.Error);
        Assert.Contains("every compared |error| within it", passing.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_table_says_not_measured_for_what_the_file_lacks()
    {
        var report = Path.Combine(temp.Path, "r.json");
        await File.WriteAllTextAsync(report, """
            {"request_info": {"num_requests": 8, "avg_input_length": 512, "avg_output_length": 16},
             "performance": {"total_latency_ms": 600, "system_output_throughput_tok_s": 210}}
            """);

        var result = await CliRunner.RunAsync("measure-error", Scenario, report, "--format", "trtllm");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Matches(@"ttft_ms\.p99 \(ms\)\s+│\s+[\d.]+ │ not measured", result.Out);
        Assert.Matches(@"output_tokens_per_s \(tok/s\)\s+│\s+[\d.]+ │\s+210 │", result.Out);
    }

    [Theory]
    [InlineData("--max-error", "-1", "--max-error must be a finite number >= 0")]
    [InlineData("--format", "json", "json")]
    [InlineData("--record", "0", "--record must be at least 1")]
    public async Task Bad_options_exit_2(string option, string value, string expected)
    {
        var result = await CliRunner.RunAsync("measure-error", Scenario, Vllm, option, value);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_measurement_or_a_scenario_of_another_harness_is_one_line_and_exit_2()
    {
        var bad = Path.Combine(temp.Path, "bad.json");
        await File.WriteAllTextAsync(bad, """{"duration": 1, "completed": "eight", "output_throughput": 1}""");

        var badFile = await CliRunner.RunAsync("measure-error", Scenario, bad);
        var otherHarness = await CliRunner.RunAsync("measure-error", Scenario, Vllm, "--set", "workload.concurrency=2");

        Assert.Equal(2, badFile.ExitCode);
        Assert.Equal([$"{bad}: completed: is the string \"eight\"; expected a whole number of requests (>= 0)"], badFile.ErrorLines);
        Assert.Equal(2, otherHarness.ExitCode);
        Assert.Equal([$"{Scenario}: workload.concurrency: is 2, but {Vllm} ran max_concurrency 4; set --set workload.concurrency=4"], otherHarness.ErrorLines);
    }
}
