namespace ClusterSim.Cli.Tests;

/// <summary>Issue 19 items 5 and 6: a run folder after --force holds one run only; an empty --out is bad input.</summary>
public sealed class RunForceTests
{
    private static readonly string[] Short =
    [
        "--set", "simulation.duration=6 s", "--set", "simulation.warmup=1 s", "--set", "workload.duration=6 s", "--set", "workload.rate_per_s=2",
    ];

    [Fact]
    public async Task Run_with_force_leaves_only_the_new_runs_files()
    {
        using var folder = new TempFolder();
        var target = Path.Combine(folder.Path, "run");
        var first = await CliRunner.RunAsync(["run", "default", "--out", target, .. Short, "--set", "outputs.trace=true"]);
        Assert.True(first.ExitCode == 0, first.Error);
        Assert.True(File.Exists(Path.Combine(target, "trace.json")));
        Assert.True(File.Exists(Path.Combine(target, "timeseries.csv")));

        var second = await CliRunner.RunAsync(
            ["run", "default", "--out", target, "--force", .. Short, "--set", "outputs.trace=false", "--set", "outputs.timeseries=false"]);

        Assert.True(second.ExitCode == 0, second.Error);
        var entries = Directory.EnumerateFileSystemEntries(target).Select(e => Path.GetFileName(e)!).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(["log.clef", "report.html", "requests.csv", "summary.json"], entries);
    }

    [Fact]
    public async Task Run_with_an_empty_out_exits_2_with_one_line()
    {
        var result = await CliRunner.RunAsync("run", "default", "--out", "");

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.StartsWith("--out is empty", line, StringComparison.Ordinal);
    }
}
