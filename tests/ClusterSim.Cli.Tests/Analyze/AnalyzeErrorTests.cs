namespace ClusterSim.Cli.Tests.Analyze;

/// <summary>User errors of `clustersim analyze`: one line on stderr naming the nearest names, exit 2.</summary>
public sealed class AnalyzeErrorTests
{
    [Fact]
    public async Task Unknown_model_exits_2_with_one_line_naming_the_nearest_model()
    {
        var result = await CliRunner.RunAsync("analyze", "--model", "deepseek-v4", "--hardware", "h200");

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.StartsWith("clustersim analyze: --model: unknown model 'deepseek-v4'; did you mean 'deepseek-v3'?", line, StringComparison.Ordinal);
        Assert.Contains("llama-3-70b", line, StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.Out);
    }

    [Fact]
    public async Task Unknown_hardware_exits_2_with_one_line_naming_the_nearest_accelerator()
    {
        var result = await CliRunner.RunAsync("analyze", "--model", "deepseek-v3", "--hardware", "h2000", "--json");

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.StartsWith("clustersim analyze: --hardware: unknown hardware 'h2000'; did you mean 'h200'?", line, StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.Out);
    }

    [Theory]
    [InlineData("--model", "gpt", "h200")]
    [InlineData("--model", "llama", "h200")]
    [InlineData("--hardware", "deepseek-v3", "h20")]
    [InlineData("--hardware", "deepseek-v3", "h2")]
    public async Task A_prefix_or_a_near_name_is_refused_never_substituted(string option, string model, string hardware)
    {
        // "h20" is a real chip (not the H200) and "llama" names no one model: exact names only, as in scenarios.
        var result = await CliRunner.RunAsync("analyze", "--model", option == "--model" ? model : "deepseek-v3", "--hardware", hardware);

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.StartsWith($"clustersim analyze: {option}: unknown ", line, StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.Out);
    }

    [Fact]
    public async Task Exact_names_in_any_case_and_the_r1_alias_resolve_to_their_catalog_model()
    {
        var gpt3 = await CliRunner.RunAsync("analyze", "--model", "GPT-3-175B", "--hardware", "H200", "--json");
        var r1 = await CliRunner.RunAsync("analyze", "--model", "deepseek-r1", "--hardware", "h200", "--json");

        Assert.Equal(0, gpt3.ExitCode);
        Assert.Contains("\"model_type\": \"gpt2\"", gpt3.Out, StringComparison.Ordinal);
        Assert.Equal(0, r1.ExitCode);
        Assert.Contains("\"kv_bytes_per_token\": 70272", r1.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_scenario_file_exits_2_with_one_line_naming_it()
    {
        var result = await CliRunner.RunAsync("analyze", "--scenario", "no-such-scenario.yaml");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(["no-such-scenario.yaml: file not found"], result.ErrorLines);
    }
}
