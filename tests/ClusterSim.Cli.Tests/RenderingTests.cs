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
}
