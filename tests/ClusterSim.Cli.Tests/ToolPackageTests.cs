using System.Diagnostics;
using System.IO.Compression;
using Xunit.Abstractions;

namespace ClusterSim.Cli.Tests;

/// <summary>
/// Issue 17: `dotnet pack` makes a .NET tool that carries its scenario catalog and licence; installed into a tool path
/// it runs `clustersim run default` and `clustersim analyze` from an unrelated folder.
/// </summary>
public sealed class ToolPackageTests(ITestOutputHelper output)
{
    [Fact]
    public async Task The_packed_tool_installs_and_runs_the_default_scenario_from_an_unrelated_folder()
    {
        using var work = new TempFolder();
        var packages = Path.Combine(work.Path, "packages");
        var tools = Path.Combine(work.Path, "tools");
        var elsewhere = Directory.CreateDirectory(Path.Combine(work.Path, "elsewhere")).FullName;
        var project = Path.Combine(RepositoryPaths.Root, "src", "ClusterSim.Cli");

        await Run(work.Path, "dotnet", "pack", project, "-c", "Release", "-o", packages, "-nologo");
        var package = Assert.Single(Directory.GetFiles(packages, "*.nupkg"));
        output.WriteLine($"{Path.GetFileName(package)}: {new FileInfo(package).Length / 1e6:0.#} MB");
        using (var zip = ZipFile.OpenRead(package))
        {
            var names = zip.Entries.Select(e => e.FullName).ToList();
            Assert.Contains("LICENSE", names);
            Assert.Contains(names, n => n.EndsWith("/scenarios/default.yaml", StringComparison.Ordinal));
            Assert.Contains(names, n => n.EndsWith("/scenarios/models/deepseek-v3.json", StringComparison.Ordinal));
            Assert.Contains(names, n => n.EndsWith("/scenarios/schemas/scenario.schema.json", StringComparison.Ordinal));
            Assert.DoesNotContain(names, n => n.Contains("/scenarios/baselines/", StringComparison.Ordinal));
            var nuspec = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
            using var reader = new StreamReader(nuspec.Open());
            var text = await reader.ReadToEndAsync();
            Assert.Contains("<license type=\"expression\">Apache-2.0</license>", text, StringComparison.Ordinal);
            Assert.Contains("<packageType name=\"DotnetTool\"", text, StringComparison.Ordinal);
        }

        // Between release tags MinVer versions every build as a pre-release (0.0.0-alpha.0.N), which install only takes
        // when asked for; the README's install line says the same.
        await Run(work.Path, "dotnet", "tool", "install", "ClusterSim.Cli", "--prerelease", "--tool-path", tools, "--add-source", packages);
        var clustersim = Path.Combine(tools, "clustersim");
        await Run(elsewhere, clustersim, "run", "default", "--set", "simulation.duration=5 s", "--set", "workload.duration=5 s", "--set", "simulation.warmup=1 s", "--out", "run");
        Assert.True(File.Exists(Path.Combine(elsewhere, "run", "summary.json")));
        var analyze = await Run(elsewhere, clustersim, "analyze", "--model", "deepseek-v3", "--hardware", "h200", "--json");
        Assert.Contains("\"model\"", analyze, StringComparison.Ordinal);
    }

    // Runs a command to completion and returns its standard output; a non-zero exit fails the test with both streams.
    private static async Task<string> Run(string workingDirectory, string file, params string[] args)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        await process.WaitForExitAsync(cancel.Token);
        Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', args)} exited {process.ExitCode}\n{await stdout}\n{await stderr}");
        return await stdout;
    }
}
