using System.Text.Json;

namespace ClusterSim.Cli.Tests.Run;

/// <summary>A run in which every request is dropped reports its latencies as absent (issue 19, item 8).</summary>
public sealed class EmptyLatencyRunTests
{
    [Fact]
    public async Task Run_warns_that_latency_figures_are_absent_and_writes_them_as_null()
    {
        using var temp = new TempFolder();
        var folder = Path.Combine(temp.Path, "out");

        // A 4 M-token prompt fits no rank's KV cache, so every request is dropped.
        var result = await CliRunner.RunAsync(
            "run", "default", "--out", folder, "--set", "workload.input_tokens=4000000", "--set", "simulation.duration=3s",
            "--set", "workload.duration=3s", "--set", "simulation.warmup=1s");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("No request completed: latency figures are absent", result.Error, StringComparison.Ordinal);
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "summary.json")));
        var ttft = summary.RootElement.GetProperty("latency_ms").GetProperty("ttft");
        Assert.Equal(0, ttft.GetProperty("count").GetInt64());
        Assert.Equal(JsonValueKind.Null, ttft.GetProperty("p50").ValueKind);
    }
}
