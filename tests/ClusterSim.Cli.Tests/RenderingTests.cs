using ClusterSim.Cli.Hosting;
using ClusterSim.Cli.Rendering;

namespace ClusterSim.Cli.Tests;

public sealed class RenderingTests
{
    private static CliConsole Redirected(StringWriter output) =>
        new(new CliEnvironment(output, output, IsInteractive: false), new ConsoleOptions { Width = 60 });

    [Fact]
    public void KeyValue_table_on_redirected_output_is_plain_text_in_order()
    {
        using var output = new StringWriter();
        var console = Redirected(output);

        console.Out.Write(SummaryTable.KeyValue("Run [dsv3]", [new("TTFT p99 (ms)", "412.5"), new("Throughput (tok/s/GPU)", "2,310")]));

        var text = output.ToString();
        Assert.DoesNotContain("\u001b[", text, StringComparison.Ordinal);
        Assert.Contains("Run [dsv3]", text, StringComparison.Ordinal);
        Assert.True(text.IndexOf("TTFT p99 (ms)", StringComparison.Ordinal) < text.IndexOf("Throughput", StringComparison.Ordinal));
        Assert.Contains("412.5", text, StringComparison.Ordinal);
        Assert.All(text.Split('\n'), line => Assert.True(line.TrimEnd('\r').Length <= 60, line));
    }

    [Fact]
    public void A_long_value_wraps_and_never_squeezes_the_key_column()
    {
        using var output = new StringWriter();
        var console = Redirected(output);
        var path = "/a/very/long/run/folder/path/that/is/wider/than/the/table/allows/default-20261202-181652";

        console.Out.Write(SummaryTable.KeyValue("default", [new("requests", "2148 arrived, 2148 completed"), new("run folder", path)]));

        var text = output.ToString();
        Assert.Contains("run folder", text, StringComparison.Ordinal);
        Assert.Contains("requests", text, StringComparison.Ordinal);
        Assert.All(text.Split('\n'), line => Assert.True(line.TrimEnd('\r').Length <= 60, line));
    }

    [Fact]
    public void Columns_table_rejects_a_row_with_the_wrong_cell_count()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            SummaryTable.Columns(null, ["ep", "ttft"], [["8", "1.0"], ["16"]]));

        Assert.Contains("row 2 has 1 cells for 2 columns", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Columns_table_prints_headers_and_cells()
    {
        using var output = new StringWriter();
        var console = Redirected(output);

        console.Out.Write(SummaryTable.Columns("Sweep", ["ep", "ttft_ms"], [["8", "120"], ["16", "95"]], new HashSet<string> { "ttft_ms" }));

        var text = output.ToString();
        Assert.Contains("ep", text, StringComparison.Ordinal);
        Assert.Contains("ttft_ms", text, StringComparison.Ordinal);
        Assert.Contains("95", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Progress_on_redirected_stderr_draws_nothing_and_returns_the_result()
    {
        using var output = new StringWriter();
        var console = Redirected(output);
        var display = new ProgressDisplay(console);

        var result = await display.RunAsync("dsv3", progress =>
        {
            progress.Report(new RunProgress(5, 10, 1000));
            return Task.FromResult(42);
        });

        Assert.False(console.ShowsProgress);
        Assert.Equal(42, result);
        Assert.Equal(string.Empty, output.ToString());
    }

    [Fact]
    public void Numbers_never_wrap_in_a_wide_table_at_120_columns()
    {
        using var output = new StringWriter();
        var console = new CliConsole(new CliEnvironment(output, output, IsInteractive: false), new ConsoleOptions { Width = 120 });
        string[] headers = ["point", "rate_per_s", "ep", "ttft_p50_ms", "ttft_p99_ms", "tpot_p50_ms", "tpot_p99_ms", "e2e_p99_ms", "goodput"];
        string[] row = ["a long point name that can wrap because it is text and text may wrap over lines", "12.5", "16", "1234.567", "2345.678", "45.678", "56.789", "17906.984", "0.987654"];

        console.Out.Write(SummaryTable.Columns(null, headers, [row]));

        var text = output.ToString();
        Assert.Contains("17906.984", text, StringComparison.Ordinal);
        Assert.Contains("0.987654", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Progress_counts_to_the_arrivals_window_then_says_draining_with_an_eta_before()
    {
        var half = new RunProgress(SimulatedSeconds: 90, EndSeconds: 780, Events: 12345, WindowSeconds: 180);
        var drain = new RunProgress(SimulatedSeconds: 185, EndSeconds: 780, Events: 20000, WindowSeconds: 180);

        Assert.Equal(0.5, ProgressText.Fraction(half), 9);
        Assert.Equal(1, ProgressText.Fraction(drain));
        Assert.Equal("simulated 90.0 of 180 s, 12,345 events, ETA 30 s", ProgressText.Heartbeat(half, elapsedSeconds: 30));
        Assert.Contains("draining", ProgressText.Heartbeat(drain, 60), StringComparison.Ordinal);
        var label = ProgressText.Label("deepseek-v3-h800-disaggregated", half, 30);
        Assert.Equal("deepseek-v3-h800-di… 90/180 s ETA 30 s", label);
        Assert.True(label.Length + 20 + 6 <= 80, "label, bar and percentage fit 80 columns");
    }

    [Fact]
    public void Heartbeat_on_a_log_prints_a_plain_line_once_per_interval()
    {
        using var output = new StringWriter();
        var console = Redirected(output);
        var beat = new ProgressDisplay.Heartbeat(console.Error, TimeSpan.Zero);

        beat.Report(new RunProgress(42, 780, 12345, 180));

        Assert.True(console.ShowsHeartbeat);
        Assert.StartsWith("simulated 42.0 of 180 s, 12,345 events", output.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b[", output.ToString(), StringComparison.Ordinal);
    }
}
