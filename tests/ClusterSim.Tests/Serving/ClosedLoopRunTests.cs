using System.Globalization;
using ClusterSim.Scenarios;

namespace ClusterSim.Tests.Serving;

/// <summary>A closed loop through the whole cluster: conservation, the concurrency bound, determinism, the benchmark block.</summary>
public sealed class ClosedLoopRunTests
{
    internal static string ClosedDeepSeek(int concurrency = 8, int requests = 40, string think = "0 s") => TestScenarios.DeepSeekDeployment("closed-small", 64) + $"""
        workload:
          arrival: closed
          concurrency: {concurrency}
          requests: {requests}
          think_time: {think}
          input_tokens: {"{"} distribution: uniform_ratio, value: 1024, ratio: 0.5 {"}"}
          output_tokens: 64
        """;

    [Fact]
    public void Every_request_is_sent_once_ends_once_and_never_more_than_the_concurrency_are_in_flight()
    {
        var (result, csv) = TestScenarios.RunWithCsv(TestScenarios.Parse(ClosedDeepSeek(think: "50 ms")));
        var m = result.Metrics;
        Assert.Equal(40, m.Arrived);
        Assert.Equal(m.Arrived, m.Completed + m.Dropped);
        var rows = ConservationTests.Rows(csv);
        Assert.Equal(40, rows.Select(r => r["id"]).Distinct().Count());

        // At every arrival, the requests arrived and not yet ended number at most 8 (the new one included).
        var spans = rows.Select(r => (Arrival: Seconds(r["arrival_s"]), End: Seconds(r["finish_s"]))).ToList();
        foreach (var (arrival, _) in spans)
        {
            Assert.InRange(spans.Count(s => s.Arrival <= arrival && s.End > arrival), 1, 8);
        }

        // The run ends with the last request, not at the default one-hour simulation.duration.
        var b = result.Benchmark!;
        Assert.Equal(spans.Max(s => s.End), b.MakespanSeconds, 5);
        Assert.True(result.SimulatedSeconds < 60, $"the run went on to {result.SimulatedSeconds} s");
        Assert.Equal(m.OutputTokens / b.MakespanSeconds, b.OutputTokensPerSecond, 9);
        Assert.Equal(b.OutputTokensPerSecond / 16, b.OutputTokensPerSecondPerGpu, 9);
        Assert.InRange(b.OutputTokensPerSecondPerUser, 1, 10_000);
    }

    [Fact]
    public void Requests_rejected_at_admission_end_once_and_their_clients_send_again()
    {
        // 100 clients against 16 ranks of 2 running slots and an entry queue of 4: most arrivals are rejected at once,
        // and each rejection ends a request inside its own arrival, which must not lose or repeat the next one.
        var yaml = ClosedDeepSeek(concurrency: 100, requests: 300).Replace("max_running_requests: 64", "max_running_requests: 2", StringComparison.Ordinal)
            + "\nscheduler: { admission: { kind: bounded-queue, max_queue: 4 } }\n";
        var (result, csv) = TestScenarios.RunWithCsv(TestScenarios.Parse(yaml));
        var m = result.Metrics;
        Assert.Equal(300, m.Arrived);
        Assert.Equal(m.Arrived, m.Completed + m.Dropped);
        Assert.True(m.Dropped > 0, "the scenario was meant to reject arrivals");
        Assert.Equal(300, ConservationTests.Rows(csv).Select(r => r["id"]).Distinct().Count());
        Assert.Equal(m.Completed, result.Benchmark!.Completed);
        Assert.Equal(m.Dropped, result.Benchmark.Dropped);
    }

    [Fact]
    public void One_seed_gives_one_requests_csv()
    {
        var scenario = TestScenarios.Parse(ClosedDeepSeek(concurrency: 5, requests: 25));
        Assert.Equal(TestScenarios.RunWithCsv(scenario).Csv, TestScenarios.RunWithCsv(scenario).Csv);
    }

    [Fact]
    public void An_open_loop_run_has_no_benchmark_block()
    {
        var result = TestScenarios.Run(TestScenarios.Parse(TestScenarios.DeepSeekSmall(duration: "5 s")));
        Assert.Null(result.Benchmark);
    }

    [Theory]
    [InlineData("workload.concurrency", "0", "workload.concurrency")]
    [InlineData("workload.rate_per_s", "3", "workload.rate_per_s")]
    [InlineData("workload.input_tokens.ratio", "2", "workload.input_tokens.ratio")]
    public void Bad_closed_loop_keys_are_one_line_naming_the_key(string key, string value, string expectedKey)
    {
        var error = Assert.Throws<ClusterSim.Input.InputException>(() => TestScenarios.Parse(ClosedDeepSeek(), new ScenarioOverride(key, value)));
        Assert.Contains(expectedKey, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void The_shipped_concurrency_256_benchmark_runs_to_completion()
    {
        var scenario = ScenarioReader.Load(Path.Combine(Workloads.WorkloadTestFiles.RepoRoot, "scenarios", "benchmarks", "deepseek-v3-h200-8gpu-c256.yaml"));
        var result = TestScenarios.Run(scenario);
        var b = result.Benchmark!;
        Assert.Equal(512, b.Completed);
        Assert.Equal(0, b.Dropped);
        Assert.Equal(512L * 1024, result.Metrics.OutputTokens);
        // 1067 output tokens/s per GPU and 35 per user when shipped; a wide band so model refinements do not break it.
        Assert.InRange(b.OutputTokensPerSecondPerGpu, 300, 4000);
        Assert.InRange(b.OutputTokensPerSecondPerUser, 10, 150);
        Assert.Equal(b.OutputTokensPerSecond, result.Metrics.WindowOutputTokens / result.Metrics.WindowSeconds, 6);
    }

    private static double Seconds(string text) => double.Parse(text, CultureInfo.InvariantCulture);
}
