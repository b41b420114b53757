using ClusterSim.Input;
using ClusterSim.Planning;
using ClusterSim.Scenarios;

namespace ClusterSim.Tests;

/// <summary>
/// The repository's scenarios/ folder as the catalog of every test: found once, from the test assembly's folder
/// upwards, and passed explicitly to whatever resolves a name (the library itself never looks for it).
/// </summary>
internal static class TestCatalog
{
    private static readonly Lazy<Catalog> Instance = new(() => new Catalog(FindScenarios()));

    /// <summary>The repository's catalog.</summary>
    public static Catalog Repository => Instance.Value;

    /// <summary>The deployment plan of <paramref name="scenario"/> in the repository's catalog.</summary>
    public static DeploymentPlan Plan(this Scenario scenario) => DeploymentPlanner.Resolve(scenario, Repository);

    private static string FindScenarios()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, Catalog.FolderName);
            if (Directory.Exists(Path.Combine(candidate, "hardware")) && File.Exists(Path.Combine(dir.FullName, "ClusterSim.sln")))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"the repository's scenarios/ folder was not found above {AppContext.BaseDirectory}");
    }
}
