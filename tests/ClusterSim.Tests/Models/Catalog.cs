using ClusterSim.Models;

namespace ClusterSim.Tests.Models;

/// <summary>The repository's model catalog.</summary>
internal static class Catalog
{
    private static readonly Lazy<ModelCatalog> Instance = new(() => ModelCatalog.Of(TestCatalog.Repository));

    public static ModelArchitecture Load(string name) => Instance.Value.Load(name);

    public static ModelCatalog Value => Instance.Value;
}
