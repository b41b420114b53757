using ClusterSim.Models;

namespace ClusterSim.Tests.Models;

/// <summary>Loads catalog models once per test run (parsing is cheap, but the lookup walks directories).</summary>
internal static class Catalog
{
    private static readonly Lazy<ModelCatalog> Instance = new(ModelCatalog.Locate);

    public static ModelArchitecture Load(string name) => Instance.Value.Load(name);

    public static ModelCatalog Value => Instance.Value;
}
