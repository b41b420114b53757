using System.Diagnostics;
using System.Reflection;
using System.Text.RegularExpressions;

namespace ClusterSim.Cli.Tests;

/// <summary>
/// The version comes from git tags through MinVer (Directory.Build.props): <c>clustersim --version</c> prints the
/// assembly's informational version, which is MinVer's in a clone and 0.0.0-source in a copy without .git.
/// </summary>
public sealed partial class VersionTests
{
    [Fact]
    public async Task Version_prints_the_version_computed_from_git_tags()
    {
        var (code, stdout, stderr) = await CliProcess.RunAsync(null, TimeSpan.FromMinutes(1), "--version");
        var printed = stdout.Trim();
        var built = Assembly.LoadFrom(CliProcess.Dll).GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;

        Assert.True(code == 0, stderr);
        Assert.Equal(built, printed);
        Assert.Matches(SemanticVersion(), printed);
        var core = printed.Split('+')[0];
        if (!Directory.Exists(Path.Combine(RepositoryPaths.Root, ".git")) && !File.Exists(Path.Combine(RepositoryPaths.Root, ".git")))
        {
            Assert.Equal("0.0.0-source", core);
            return;
        }

        // MinVer: the nearest v-tag's version (a pre-release of the next patch after it), else 0.0.0-alpha.0.HEIGHT.
        var tag = await Git("describe", "--tags", "--abbrev=0", "--match", "v[0-9]*");
        if (tag is null)
        {
            Assert.StartsWith("0.0.0-alpha.0.", core, StringComparison.Ordinal);
        }
        else
        {
            var tagged = Version.Parse(tag.TrimStart('v').Split('-')[0]);
            Assert.True(Version.Parse(core.Split('-')[0]) >= tagged, $"{core} is older than the tag {tag}");
        }
    }

    /// <summary>The output of a git command in the repository, or null when git fails (no tag, no git).</summary>
    private static async Task<string?> Git(params string[] args)
    {
        var start = new ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepositoryPaths.Root };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0 ? output.Trim() : null;
    }

    [GeneratedRegex(@"^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$")]
    private static partial Regex SemanticVersion();
}
