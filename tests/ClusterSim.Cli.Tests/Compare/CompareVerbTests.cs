using System.Globalization;
using System.Text.Json;

namespace ClusterSim.Cli.Tests.Compare;

public sealed class CompareVerbTests
{
    private const string RequestsHeader =
        "id,status,arrival_s,first_token_s,finish_s,input_tokens,output_tokens,cached_prompt_tokens,preemptions,instance,rank,prefill_instance,queue_ms,ttft_ms,tpot_ms,e2e_ms,drop_reason\n";

    private static void WriteRun(string folder, double ttftP99, double throughput, params (long Id, double E2eMs)[] requests)
    {
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "summary.json"), string.Create(CultureInfo.InvariantCulture, $$"""
            {
              "schema_version": 1,
              "requests": { "arrived": 3, "dropped": 0, "preempted": 0 },
              "throughput": { "output_tokens_per_s": {{throughput}} },
              "latency_ms": { "ttft": { "p50": 50, "p99": {{ttftP99}} }, "tpot": { "p50": 10, "p99": 20 }, "e2e": { "p99": 900 } },
              "goodput_rps": 2,
              "slo_attainment": 0.9
            }
            """));
        var rows = requests.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Id},completed,0.{r.Id},1,2,100,10,0,0,0,0,-1,1,50,10,{r.E2eMs},\n"));
        File.WriteAllText(Path.Combine(folder, "requests.csv"), RequestsHeader + string.Concat(rows));
    }

    [Fact]
    public async Task Identical_runs_pass_every_default_gate_and_exit_0()
    {
        using var temp = new TempFolder();
        WriteRun(Path.Combine(temp.Path, "a"), 100, 1000, (1, 500));
        WriteRun(Path.Combine(temp.Path, "b"), 100, 1000, (1, 500));

        var result = await CliRunner.RunAsync("compare", Path.Combine(temp.Path, "a"), Path.Combine(temp.Path, "b"));

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("PASS: 9 of 9 gates passed", result.Out, StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.Error);
    }

    [Fact]
    public async Task A_latency_regression_beyond_the_default_gate_exits_1_and_names_the_metric()
    {
        using var temp = new TempFolder();
        WriteRun(Path.Combine(temp.Path, "a"), 100, 1000);
        WriteRun(Path.Combine(temp.Path, "b"), 110, 1000);

        var result = await CliRunner.RunAsync("compare", Path.Combine(temp.Path, "a"), Path.Combine(temp.Path, "b"));

        // TTFT p99 100 -> 110 ms = +10 % against the default 5 % gate.
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("FAIL: 1 of 9 gates failed: latency_ms.ttft.p99 10% worse (tolerance 5%)", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_latency_absent_from_the_candidate_fails_and_the_reason_is_printed()
    {
        using var temp = new TempFolder();
        WriteRun(Path.Combine(temp.Path, "a"), 100, 1000);
        var b = Path.Combine(temp.Path, "b");
        WriteRun(b, 100, 1000);

        // Every request of the candidate was dropped: summary.json writes its TTFT figures as null with count 0.
        var summary = File.ReadAllText(Path.Combine(b, "summary.json")).Replace("\"p50\": 50, \"p99\": 100", "\"count\": 0, \"p50\": null, \"p99\": null", StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(b, "summary.json"), summary);

        var result = await CliRunner.RunAsync("compare", Path.Combine(temp.Path, "a"), b);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("latency_ms.ttft.p99 absent from the candidate (no request completed, or the run does not report it)", result.Out, StringComparison.Ordinal);
        Assert.Matches(@"latency_ms\.ttft\.p50 +50 +n/a +n/a +5% +FAIL \(absent\)", result.Out);
    }

    [Fact]
    public async Task A_looser_tolerance_given_by_alias_lets_the_same_change_pass()
    {
        using var temp = new TempFolder();
        WriteRun(Path.Combine(temp.Path, "a"), 100, 1000);
        WriteRun(Path.Combine(temp.Path, "b"), 110, 1000);

        var result = await CliRunner.RunAsync("compare", Path.Combine(temp.Path, "a"), Path.Combine(temp.Path, "b"), "--tolerance", "ttft_p99=12");

        Assert.Equal(0, result.ExitCode);
    }

    [Fact]
    public async Task Throughput_down_fails_but_throughput_up_passes()
    {
        using var temp = new TempFolder();
        WriteRun(Path.Combine(temp.Path, "a"), 100, 1000);
        WriteRun(Path.Combine(temp.Path, "down"), 100, 970);
        WriteRun(Path.Combine(temp.Path, "up"), 100, 1500);

        var down = await CliRunner.RunAsync("compare", Path.Combine(temp.Path, "a"), Path.Combine(temp.Path, "down"));
        var up = await CliRunner.RunAsync("compare", Path.Combine(temp.Path, "a"), Path.Combine(temp.Path, "up"));

        Assert.Equal(1, down.ExitCode);
        Assert.Equal(0, up.ExitCode);
    }

    [Fact]
    public async Task Unknown_metric_names_exit_2_with_one_line_listing_the_known_ones()
    {
        using var temp = new TempFolder();
        WriteRun(Path.Combine(temp.Path, "a"), 100, 1000);

        var result = await CliRunner.RunAsync("compare", Path.Combine(temp.Path, "a"), Path.Combine(temp.Path, "a"), "--tolerance", "ttft_p95=5");

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.Contains("ttft_p95", line, StringComparison.Ordinal);
        Assert.Contains("latency_ms.ttft.p99", line, StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.Out);
    }

    [Fact]
    public async Task A_missing_folder_or_a_folder_without_summary_exits_2()
    {
        using var temp = new TempFolder();
        WriteRun(Path.Combine(temp.Path, "a"), 100, 1000);
        Directory.CreateDirectory(Path.Combine(temp.Path, "empty"));

        var missing = await CliRunner.RunAsync("compare", Path.Combine(temp.Path, "a"), Path.Combine(temp.Path, "nope"));
        var empty = await CliRunner.RunAsync("compare", Path.Combine(temp.Path, "empty"), Path.Combine(temp.Path, "a"));

        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("CAND", missing.Error, StringComparison.Ordinal);
        Assert.Equal(2, empty.ExitCode);
        Assert.Contains("no summary.json", empty.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_output_carries_the_verdict_every_metric_and_the_slowed_requests()
    {
        using var temp = new TempFolder();
        WriteRun(Path.Combine(temp.Path, "a"), 100, 1000, (1, 500), (2, 500), (3, 500));
        WriteRun(Path.Combine(temp.Path, "b"), 110, 1000, (1, 520), (2, 900), (3, 400));

        var result = await CliRunner.RunAsync("compare", Path.Combine(temp.Path, "a"), Path.Combine(temp.Path, "b"), "--json", "--per-request");

        Assert.Equal(1, result.ExitCode);
        using var json = JsonDocument.Parse(result.Out);
        Assert.False(json.RootElement.GetProperty("passed").GetBoolean());
        var pair = json.RootElement.GetProperty("comparisons")[0];
        var ttft = pair.GetProperty("metrics").EnumerateArray().Single(m => m.GetProperty("metric").GetString() == "latency_ms.ttft.p99");
        Assert.Equal(10, ttft.GetProperty("change_percent").GetDouble(), precision: 6);
        Assert.False(ttft.GetProperty("passed").GetBoolean());
        var slowed = pair.GetProperty("requests").GetProperty("most_slowed").EnumerateArray().Select(r => r.GetProperty("id").GetInt64()).ToArray();
        Assert.Equal([2L, 1L], slowed);
        Assert.Equal(1, pair.GetProperty("requests").GetProperty("faster").GetInt32());
    }

    [Fact]
    public async Task Per_request_lists_the_most_slowed_requests_up_to_top()
    {
        using var temp = new TempFolder();
        WriteRun(Path.Combine(temp.Path, "a"), 100, 1000, (1, 500), (2, 500), (3, 500));
        WriteRun(Path.Combine(temp.Path, "b"), 100, 1000, (1, 600), (2, 900), (3, 700));

        var result = await CliRunner.RunAsync("compare", Path.Combine(temp.Path, "a"), Path.Combine(temp.Path, "b"), "--per-request", "--top", "2");

        Assert.Contains("3 slower, 0 faster", result.Out, StringComparison.Ordinal);
        var listed = result.Out.Split('\n').SkipWhile(l => !l.StartsWith("most slowed", StringComparison.Ordinal)).Skip(2).TakeWhile(l => l.Length > 0)
            .Select(l => long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0], CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal([2L, 3L], listed);
    }

    [Fact]
    public async Task Sweep_folders_compare_point_by_point_and_name_the_failing_point()
    {
        using var temp = new TempFolder();
        WriteRun(Path.Combine(temp.Path, "base", "rate=10"), 100, 1000);
        WriteRun(Path.Combine(temp.Path, "base", "rate=20"), 200, 1500);
        WriteRun(Path.Combine(temp.Path, "cand", "rate=10"), 100, 1000);
        WriteRun(Path.Combine(temp.Path, "cand", "rate=20"), 300, 1500);

        var result = await CliRunner.RunAsync("compare", Path.Combine(temp.Path, "base"), Path.Combine(temp.Path, "cand"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("point rate=10: PASS", result.Out, StringComparison.Ordinal);
        Assert.Contains("point rate=20: FAIL", result.Out, StringComparison.Ordinal);
        Assert.Contains("rate=20 latency_ms.ttft.p99 50% worse", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sweeps_with_different_points_exit_2_naming_them()
    {
        using var temp = new TempFolder();
        WriteRun(Path.Combine(temp.Path, "base", "rate=10"), 100, 1000);
        WriteRun(Path.Combine(temp.Path, "cand", "rate=20"), 100, 1000);

        var result = await CliRunner.RunAsync("compare", Path.Combine(temp.Path, "base"), Path.Combine(temp.Path, "cand"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("rate=10", result.Error, StringComparison.Ordinal);
        Assert.Contains("rate=20", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_golden_summary_file_can_be_the_baseline()
    {
        using var temp = new TempFolder();
        WriteRun(Path.Combine(temp.Path, "a"), 100, 1000);

        var result = await CliRunner.RunAsync("compare", Path.Combine(temp.Path, "a", "summary.json"), Path.Combine(temp.Path, "a"));
        var perRequest = await CliRunner.RunAsync("compare", Path.Combine(temp.Path, "a", "summary.json"), Path.Combine(temp.Path, "a"), "--per-request");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(2, perRequest.ExitCode);
        Assert.Contains("requests.csv", perRequest.Error, StringComparison.Ordinal);
    }
}
