using System.Runtime.CompilerServices;

namespace ClusterSim.Cli.Tests.Analyze;

/// <summary>The console tables of `clustersim analyze` for the three reference models, against checked-in golden files.</summary>
public sealed class AnalyzeGoldenTests
{
    [Theory]
    [InlineData("deepseek-v3")]
    [InlineData("llama-3-70b")]
    [InlineData("gpt-3-175b")]
    public async Task Analyze_on_h200_prints_the_tables_of_its_golden_file(string model)
    {
        var result = await CliRunner.RunAsync("analyze", "--model", model, "--hardware", "h200");

        Assert.Equal(string.Empty, result.Error);
        Assert.Equal(0, result.ExitCode);
        var golden = GoldenPath($"analyze-{model}-h200.txt");
        var actual = TrimLineEnds(result.Out);
        if (Environment.GetEnvironmentVariable("CLUSTERSIM_UPDATE_GOLDEN") == "1")
        {
            await File.WriteAllTextAsync(golden, actual);
        }

        Assert.True(File.Exists(golden), $"{golden} is missing; run the tests with CLUSTERSIM_UPDATE_GOLDEN=1 to create it");
        Assert.Equal(TrimLineEnds(await File.ReadAllTextAsync(golden)), actual);
    }

    [Fact]
    public async Task Analyze_tables_name_every_section_and_stay_within_the_console_width()
    {
        var result = await CliRunner.RunAsync("analyze", "--model", "deepseek-v3", "--hardware", "h200");

        string[] headings =
        [
            "Model", "Hardware", "Ridge points", "Decode operators at context 4,096", "Decode attention per context token",
            "Pool-wide decode batch", "Routed experts", "Memory-limited batch B_cap", "TPOT lower bound",
        ];
        foreach (var heading in headings)
        {
            Assert.Contains(heading, result.Out, StringComparison.Ordinal);
        }

        // Console:Width defaults to 120 for redirected output.
        Assert.All(result.Out.Split('\n'), line => Assert.True(line.Length <= 120, line));
    }

    [Fact]
    public async Task Analyze_of_a_dense_model_has_no_expert_table()
    {
        var result = await CliRunner.RunAsync("analyze", "--model", "llama-3-70b", "--hardware", "h200");

        Assert.Equal(0, result.ExitCode);
        Assert.DoesNotContain("Routed experts", result.Out, StringComparison.Ordinal);
        Assert.Contains("- (dense)", result.Out, StringComparison.Ordinal);
    }

    // Headings are padded to the table width; editors trim trailing spaces (.editorconfig), so compare without them.
    private static string TrimLineEnds(string text) =>
        string.Join('\n', text.ReplaceLineEndings("\n").Split('\n').Select(line => line.TrimEnd()));

    private static string GoldenPath(string name, [CallerFilePath] string thisFile = "") =>
        Path.Combine(Path.GetDirectoryName(thisFile)!, "Golden", name);
}
