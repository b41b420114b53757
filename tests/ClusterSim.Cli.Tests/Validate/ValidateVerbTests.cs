namespace ClusterSim.Cli.Tests.Validate;

/// <summary>The real `clustersim validate` handler, run in-process through Program.RunAsync.</summary>
public sealed class ValidateVerbTests
{
    private static string RepoRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ClusterSim.sln")))
            {
                dir = dir.Parent;
            }

            return dir?.FullName ?? throw new InvalidOperationException("ClusterSim.sln not found above the test binaries");
        }
    }

    private static string DefaultScenario => Path.Combine(RepoRoot, "scenarios", "default.yaml");

    [Fact]
    public async Task Validate_default_scenario_exits_0_and_prints_the_pool_plan()
    {
        var result = await CliRunner.RunAsync("validate", DefaultScenario);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(string.Empty, result.Error);
        Assert.Contains("default: valid", result.Out, StringComparison.Ordinal);
        Assert.Contains("deepseek-v3 (61 layers, 256 experts top-8)", result.Out, StringComparison.Ordinal);
        // KV per token on one GPU: 576 latent elements × 2 bytes (BF16) × 61 layers = 70,272 B; the 66.41 GB left
        // after weights (FP8 with 128×128-block scales) and workspace hold 66.411e9 / 70,272 ≈ 945,057 tokens, i.e.
        // 14,766 blocks of 64 = 945,024.
        Assert.Contains("945,024", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_applies_set_overrides_before_checking()
    {
        var result = await CliRunner.RunAsync(
            "validate", DefaultScenario, "--set", "deployment.serving.accelerators_per_instance=8", "--set", "deployment.serving.attention.dp=8",
            "--set", "deployment.serving.experts.ep=8");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("8 accelerators used", result.Out, StringComparison.Ordinal);
    }

    public static TheoryData<string[], string> BadScenarios() => new()
    {
        { ["--set", "cluster.nodse=2"], "cluster.nodse: unknown key 'nodse'; did you mean 'nodes'? allowed keys: nodes, accelerators_per_node, fabric" },
        { ["--set", "cluster.nodes=1"], "deployment: needs 16 accelerators (serving 1×16) but the cluster has 8 (1 node × 8); add nodes or shrink the pools" },
        { ["--set", "deployment.serving.experts.ep=1"], "deployment.serving: weights 673.15 GB + workspace 0.53 GB per accelerator exceed kv_memory_fraction × HBM = 126.9 GB by 546.78 GB" },
        { ["--set", "deployment.serving.experts.ep=3"], "deployment.serving.experts.ep: 3 must divide accelerators_per_instance (16)" },
        { ["--set", "simulation.duration=3 mins"], "simulation.duration: '3 mins' is not a duration; accepted forms: " },
        { ["--set", "hardware=h20"], "hardware: unknown hardware 'h20'; did you mean 'h200'? allowed: a100, b200" },
    };

    [Theory]
    [MemberData(nameof(BadScenarios))]
    public async Task Validate_bad_scenario_exits_2_with_one_line_naming_file_and_key(string[] settings, string expected)
    {
        var result = await CliRunner.RunAsync(["validate", DefaultScenario, .. settings]);

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.StartsWith(DefaultScenario + ": " + expected, line, StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.Out);
    }

    [Fact]
    public async Task Validate_yaml_syntax_error_exits_2_with_line_and_column()
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "broken.yaml");
        File.WriteAllText(path, File.ReadAllText(DefaultScenario).Replace("  nodes: 2", "  nodes: 2\n   extra: [", StringComparison.Ordinal));

        var result = await CliRunner.RunAsync("validate", path);

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.Matches(@"^.*broken\.yaml: line \d+, column \d+: not valid YAML: ", line);
    }

    [Fact]
    public async Task Validate_missing_trace_file_exits_2_naming_the_key()
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "trace.yaml");
        var text = File.ReadAllText(DefaultScenario);
        text = text[..text.IndexOf("workload:", StringComparison.Ordinal)] + "workload:\n  trace: { path: missing.csv, format: azure }\n";
        File.WriteAllText(path, text);

        var result = await CliRunner.RunAsync("validate", path);

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.StartsWith($"{path}: workload.trace.path: trace file 'missing.csv' not found", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_malformed_trace_file_exits_2_with_one_line()
    {
        using var folder = new TempFolder();
        File.WriteAllText(Path.Combine(folder.Path, "t.csv"), "not,a,trace\n");
        var path = Path.Combine(folder.Path, "trace.yaml");
        var text = File.ReadAllText(DefaultScenario);
        text = text[..text.IndexOf("workload:", StringComparison.Ordinal)] + "workload:\n  trace: { path: t.csv, format: azure }\n";
        File.WriteAllText(path, text);

        var result = await CliRunner.RunAsync("validate", path);

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.StartsWith("t.csv: ", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_unknown_scenario_name_exits_2()
    {
        var result = await CliRunner.RunAsync("validate", "no-such-scenario");

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.StartsWith("no-such-scenario: no such scenario file", line, StringComparison.Ordinal);
    }
}
