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
        Assert.StartsWith("clustersim analyze: unknown model 'deepseek-v4'; did you mean 'deepseek-v3'?", line, StringComparison.Ordinal);
        Assert.Contains("llama-3-70b", line, StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.Out);
    }

    [Fact]
    public async Task Unknown_hardware_exits_2_with_one_line_naming_the_nearest_accelerator()
    {
        var result = await CliRunner.RunAsync("analyze", "--model", "deepseek-v3", "--hardware", "h2000", "--json");

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.StartsWith("clustersim analyze: unknown hardware 'h2000'; did you mean 'h200'?", line, StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.Out);
    }

    [Fact]
    public async Task Ambiguous_model_prefix_exits_2_listing_the_candidates()
    {
        var result = await CliRunner.RunAsync("analyze", "--model", "gpt", "--hardware", "h200");

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.Contains("did you mean one of gpt-3-175b, gpt-oss-120b?", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unique_model_prefix_and_alias_resolve_to_their_catalog_model()
    {
        var gpt3 = await CliRunner.RunAsync("analyze", "--model", "gpt-3", "--hardware", "H200", "--json");
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
