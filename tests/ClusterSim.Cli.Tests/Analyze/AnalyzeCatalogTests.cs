using System.Runtime.CompilerServices;

namespace ClusterSim.Cli.Tests.Analyze;

/// <summary>Model and hardware names are looked up in Catalog:ScenariosDirectory when it is set.</summary>
public sealed class AnalyzeCatalogTests
{
    [Fact]
    public async Task Names_resolve_in_the_configured_catalog_folder()
    {
        using var folder = new TempFolder();
        var repository = RepositoryScenarios();
        Directory.CreateDirectory(Path.Combine(folder.Path, "models"));
        Directory.CreateDirectory(Path.Combine(folder.Path, "hardware"));
        File.Copy(Path.Combine(repository, "models", "llama-3-70b.json"), Path.Combine(folder.Path, "models", "my-llama.json"));
        File.Copy(Path.Combine(repository, "hardware", "h200.yaml"), Path.Combine(folder.Path, "hardware", "my-gpu.yaml"));
        var settings = new Dictionary<string, string?> { ["Catalog:ScenariosDirectory"] = folder.Path };

        var found = await CliRunner.RunAsync(["analyze", "--model", "my-llama", "--hardware", "my-gpu", "--json"], settings, null, CancellationToken.None);
        var missing = await CliRunner.RunAsync(["analyze", "--model", "llama-3-70b", "--hardware", "my-gpu"], settings, null, CancellationToken.None);

        Assert.Equal(0, found.ExitCode);
        Assert.Contains("\"kv_bytes_per_token\": 327680", found.Out, StringComparison.Ordinal);
        Assert.Equal(2, missing.ExitCode);
        Assert.Equal(["clustersim analyze: --model: unknown model 'llama-3-70b'; allowed: my-llama"], missing.ErrorLines);
    }

    private static string RepositoryScenarios([CallerFilePath] string thisFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", "..", "..", "scenarios"));
}
