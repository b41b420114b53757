using ClusterSim.Scenarios;

namespace ClusterSim.Cli.Tests.Compare;

public sealed class BaselineVerbTests
{
    /// <summary>A suite of one short case (the regression Llama scenario cut to 5 s) in a temp folder.</summary>
    private static string WriteSuite(TempFolder temp)
    {
        var root = ClusterSim.Tests.TestCatalog.Repository.ScenariosDirectory;
        var scenario = File.ReadAllText(Path.Combine(root, "regression", "llama-70b-h100-tp8.yaml"))
            .Replace("duration: 30 s", "duration: 5 s", StringComparison.Ordinal)
            .Replace("warmup: 5 s", "warmup: 1 s", StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(temp.Path, "short.yaml"), scenario);
        var suite = Path.Combine(temp.Path, "suite.yaml");
        File.WriteAllText(suite, "cases:\n  - scenario: short.yaml\n    policies: [decode-first, fcfs]\n");
        return suite;
    }

    [Fact]
    public async Task Update_writes_new_baselines_then_reports_them_unchanged()
    {
        using var temp = new TempFolder();
        var suite = WriteSuite(temp);
        var baselines = Path.Combine(temp.Path, "baselines");

        var first = await CliRunner.RunAsync("baseline", "update", "--suite", suite, "--baselines", baselines);
        var second = await CliRunner.RunAsync("baseline", "update", "--suite", suite, "--baselines", baselines);

        Assert.Equal(0, first.ExitCode);
        Assert.Contains("new       short.decode-first", first.Out, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(baselines, "short.fcfs.json")));
        using (var golden = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(baselines, "short.fcfs.json"))))
        {
            // The wall-clock block is dropped; the resolved scenario (with its own simulation section) stays.
            Assert.False(golden.RootElement.TryGetProperty("simulation", out _));
            Assert.True(golden.RootElement.TryGetProperty("resolved_scenario", out _));
        }

        Assert.Contains("all baselines unchanged", second.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Update_prints_the_metric_diff_of_a_changed_baseline_and_dry_run_writes_nothing()
    {
        using var temp = new TempFolder();
        var suite = WriteSuite(temp);
        var baselines = Path.Combine(temp.Path, "baselines");
        await CliRunner.RunAsync("baseline", "update", "--suite", suite, "--baselines", baselines);
        var file = Path.Combine(baselines, "short.fcfs.json");
        var tampered = File.ReadAllText(file).Replace("\"goodput_rps\": ", "\"goodput_rps\": 1", StringComparison.Ordinal);
        File.WriteAllText(file, tampered);

        var dry = await CliRunner.RunAsync("baseline", "update", "--suite", suite, "--baselines", baselines, "--dry-run");

        Assert.Equal(0, dry.ExitCode);
        Assert.Contains("changed   short.fcfs", dry.Out, StringComparison.Ordinal);
        Assert.Contains("goodput_rps: 1", dry.Out, StringComparison.Ordinal);
        Assert.Equal(tampered, File.ReadAllText(file));
    }

    [Fact]
    public async Task A_missing_suite_file_exits_2()
    {
        using var temp = new TempFolder();

        var result = await CliRunner.RunAsync("baseline", "update", "--suite", Path.Combine(temp.Path, "none.yaml"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("suite file not found", result.Error, StringComparison.Ordinal);
    }
}
