namespace ClusterSim.Cli.Tests;

/// <summary>Paths in the source tree the tests run from (the folder holding ClusterSim.sln above the test binaries).</summary>
internal static class RepositoryPaths
{
    /// <summary>The repository root.</summary>
    public static string Root
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "ClusterSim.sln")))
                {
                    return dir.FullName;
                }
            }

            throw new InvalidOperationException("ClusterSim.sln not found above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>The full path of <paramref name="tool"/> on PATH or in /usr/sbin (daemons live there); null when absent.</summary>
    public static string? Which(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':').Append("/usr/sbin")
            .Select(dir => Path.Combine(dir, tool))
            .FirstOrDefault(File.Exists);
}
