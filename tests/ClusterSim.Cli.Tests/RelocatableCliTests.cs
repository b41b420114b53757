namespace ClusterSim.Cli.Tests;

/// <summary>
/// The program finds its catalog beside itself, never through the working directory: run from an unrelated folder,
/// `clustersim run default` and `clustersim analyze` work, and a scenario there may name catalog models and chips.
/// </summary>
public sealed class RelocatableCliTests
{
    [Fact]
    public async Task Run_default_works_from_a_folder_outside_the_repository()
    {
        using var outside = new TempFolder();
        var (code, _, stderr) = await CliProcess.RunAsync(
            outside.Path,
            TimeSpan.FromMinutes(2),
            "run", "default", "--set", "simulation.duration=5 s", "--set", "workload.duration=5 s", "--set", "simulation.warmup=1 s", "--out", "here");

        Assert.True(code == 0, stderr);
        Assert.True(File.Exists(Path.Combine(outside.Path, "here", "summary.json")));
    }

    [Fact]
    public async Task A_scenario_outside_the_repository_may_name_deepseek_r1()
    {
        using var outside = new TempFolder();
        var scenario = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "scenarios", "default.yaml"))
            .Replace("config: deepseek-v3", "config: deepseek-r1", StringComparison.Ordinal);
        Assert.Contains("config: deepseek-r1", scenario, StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(outside.Path, "r1.yaml"), scenario);

        var (validate, stdout, stderr) = await CliProcess.RunAsync(outside.Path, TimeSpan.FromMinutes(1), "validate", "r1.yaml");
        var (analyze, _, analyzeErrors) = await CliProcess.RunAsync(outside.Path, TimeSpan.FromMinutes(1), "analyze", "--model", "deepseek-r1", "--hardware", "h200", "--json");

        Assert.True(validate == 0, stderr);
        Assert.Contains("deepseek-r1 (61 layers", stdout, StringComparison.Ordinal);
        Assert.True(analyze == 0, analyzeErrors);
    }
}
