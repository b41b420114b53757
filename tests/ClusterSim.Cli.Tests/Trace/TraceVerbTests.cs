using System.Globalization;

namespace ClusterSim.Cli.Tests.Trace;

public sealed class TraceVerbTests(RunFolderFixture run) : IClassFixture<RunFolderFixture>
{
    [Fact]
    public void Run_writes_every_output_file_and_names_the_dominant_bottleneck()
    {
        foreach (var file in new[] { "summary.json", "requests.csv", "timeseries.csv", "trace.json", "log.clef", "report.html" })
        {
            Assert.True(File.Exists(Path.Combine(run.Path, file)), $"{file} is missing from the run folder");
        }

        Assert.Empty(Directory.GetFiles(run.Path, "*.tmp-*"));
        Assert.Contains("communication-bound (all-to-all on inter-node links)", run.RunOutput.ReplaceLineEndings(" ").Replace("│", " ", StringComparison.Ordinal).Split(' ', StringSplitOptions.RemoveEmptyEntries).Aggregate((a, b) => a + " " + b), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Summarize_shows_bottlenecks_worst_requests_and_slo_misses()
    {
        var result = await CliRunner.RunAsync("trace", "summarize", run.Path);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Where the time went", result.Out, StringComparison.Ordinal);
        Assert.Contains("serving", result.Out, StringComparison.Ordinal);
        Assert.Contains("Worst 5 requests by TTFT", result.Out, StringComparison.Ordinal);
        Assert.Contains("TTFT over 300 ms", result.Out, StringComparison.Ordinal);
        Assert.Contains("Dropped requests by reason", result.Out, StringComparison.Ordinal);
        Assert.Contains("Busiest links", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Summarize_counts_slo_misses_over_the_same_window_as_the_summary()
    {
        var result = await CliRunner.RunAsync("trace", "summarize", run.Path);
        using var summary = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(run.Path, "summary.json")));
        var completed = summary.RootElement.GetProperty("latency_ms").GetProperty("e2e").GetProperty("count").GetInt64();
        var rows = File.ReadAllLines(Path.Combine(run.Path, "requests.csv"));
        var header = rows[0].Split(',');
        var (status, arrival) = (Array.IndexOf(header, "status"), Array.IndexOf(header, "arrival_s"));
        var inWindow = rows.Skip(1).Select(r => r.Split(',')).Count(r => r[status] == "completed" && double.Parse(r[arrival], CultureInfo.InvariantCulture) is >= 1.0 and < 6.0);

        // The fixture measures arrivals from 1 s (warm-up) to 6 s (duration): requests.csv holds every request, the
        // digest only those, like the latency figures of summary.json.
        Assert.Equal(completed, inWindow);
        Assert.Contains($" of {completed} (", result.Out, StringComparison.Ordinal);
        Assert.Contains("arrivals from 1 s to 6 s", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Requests_filters_sorts_and_cuts_to_the_top_rows()
    {
        var rows = File.ReadAllLines(Path.Combine(run.Path, "requests.csv"));
        var header = rows[0].Split(',');
        var ttft = Array.IndexOf(header, "ttft_ms");
        var id = Array.IndexOf(header, "id");
        var expected = rows.Skip(1).Select(r => r.Split(','))
            .Where(r => r[Array.IndexOf(header, "status")] == "completed" && r[ttft].Length > 0 && double.Parse(r[ttft], CultureInfo.InvariantCulture) > 100)
            .OrderByDescending(r => double.Parse(r[ttft], CultureInfo.InvariantCulture))
            .ToList();
        Assert.True(expected.Count >= 3, "the fixture run has requests over 100 ms TTFT");

        var result = await CliRunner.RunAsync("trace", "requests", run.Path, "--where", "ttft_ms > 100 and status == 'completed'", "--sort", "ttft_ms", "--top", "3");

        Assert.Equal(0, result.ExitCode);
        var positions = expected.Take(3).Select(r => result.Out.IndexOf(" " + r[ttft] + " │", StringComparison.Ordinal)).ToList();
        Assert.All(positions, p => Assert.True(p >= 0, result.Out));
        Assert.True(positions[0] < positions[1] && positions[1] < positions[2], "largest TTFT first");
        Assert.Contains($"{expected.Count} of {rows.Length - 1} requests match, 3 shown", result.Out, StringComparison.Ordinal);
        Assert.Contains(" " + expected[0][id] + " │", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Requests_without_sort_lists_arrival_order_as_the_help_says()
    {
        var rows = File.ReadAllLines(Path.Combine(run.Path, "requests.csv"));
        var header = rows[0].Split(',');
        var (id, arrival) = (Array.IndexOf(header, "id"), Array.IndexOf(header, "arrival_s"));
        var firstArrivals = rows.Skip(1).Select(r => r.Split(',')).OrderBy(r => double.Parse(r[arrival], CultureInfo.InvariantCulture)).Take(3).ToList();

        var result = await CliRunner.RunAsync("trace", "requests", run.Path, "--top", "3");

        Assert.Equal(0, result.ExitCode);
        var positions = firstArrivals
            .Select(r => System.Text.RegularExpressions.Regex.Match(result.Out, @"│\s+" + r[id] + @" │") is { Success: true } m ? m.Index : -1)
            .ToList();
        Assert.All(positions, p => Assert.True(p >= 0, result.Out));
        Assert.True(positions[0] < positions[1] && positions[1] < positions[2], "earliest arrival first");
    }

    [Fact]
    public async Task Requests_with_a_bad_expression_exits_2_and_lists_the_columns()
    {
        var result = await CliRunner.RunAsync("trace", "requests", run.Path, "--where", "ttfx_ms > 1");

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.Contains("unknown column 'ttfx_ms'", line, StringComparison.Ordinal);
        Assert.Contains("ttft_ms, tpot_ms, e2e_ms", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Log_filters_by_level_and_text_and_prints_simulated_time()
    {
        var result = await CliRunner.RunAsync("trace", "log", run.Path, "--level", "warning", "--grep", "slo missed");

        Assert.Equal(0, result.ExitCode);
        var lines = result.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(lines);
        Assert.All(lines, l =>
        {
            Assert.StartsWith("sim ", l, StringComparison.Ordinal);
            Assert.Contains("  WRN  SLO missed by request ", l, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Log_without_level_shows_information_lines_rendered_from_the_template()
    {
        var result = await CliRunner.RunAsync("trace", "log", run.Path, "--grep", "Running scenario");

        Assert.Equal(0, result.ExitCode);
        var line = Assert.Single(result.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("INF  Running scenario default (", line, StringComparison.Ordinal);
        Assert.DoesNotContain("{Scenario}", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("summarize")]
    [InlineData("requests")]
    [InlineData("log")]
    public async Task A_missing_run_folder_exits_2_with_one_line(string verb)
    {
        using var folder = new TempFolder();
        var missing = Path.Combine(folder.Path, "nope");

        var result = await CliRunner.RunAsync("trace", verb, missing);

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.Contains("no such run folder", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("summarize")]
    [InlineData("requests")]
    [InlineData("report")]
    public async Task A_parquet_run_folder_exits_2_pointing_to_python_and_keeps_its_report(string verb)
    {
        using var folder = new TempFolder();
        foreach (var file in new[] { "summary.json", "requests.parquet", "timeseries.parquet", "log.clef" })
        {
            File.Copy(Path.Combine(run.Path, file.Replace(".parquet", ".csv", StringComparison.Ordinal)), Path.Combine(folder.Path, file));
        }

        File.WriteAllText(Path.Combine(folder.Path, "report.html"), "the run's report");

        var result = await CliRunner.RunAsync("trace", verb, folder.Path);

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.Contains("outputs.format: parquet", line, StringComparison.Ordinal);
        Assert.Contains("docs/python.md", line, StringComparison.Ordinal);
        Assert.Equal("the run's report", File.ReadAllText(Path.Combine(folder.Path, "report.html")));
    }
}
