using ClusterSim.Workloads;

namespace ClusterSim.Tests.Workloads;

/// <summary>Paths of the committed samples and throwaway trace files for tests.</summary>
internal static class WorkloadTestFiles
{
    public static string RepoRoot
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

    public static string SamplesDirectory => Path.Combine(RepoRoot, "scenarios", "workloads");

    public static string Sample(string name) => Path.Combine(SamplesDirectory, name);

    /// <summary>Writes text to a fresh file in a per-test temp folder and returns its path.</summary>
    public static string WriteTemp(string name, string content)
    {
        var dir = Directory.CreateTempSubdirectory("clustersim-workloads-").FullName;
        var path = Path.Combine(dir, name);
        File.WriteAllText(path, content);
        return path;
    }

    public static List<RequestArrival> ReadAll(IRequestSource source)
    {
        var list = new List<RequestArrival>();
        using (source)
        {
            while (source.TryNext(out var r))
            {
                list.Add(r);
            }
        }

        return list;
    }
}
