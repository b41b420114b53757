using ClusterSim.Hardware;

namespace ClusterSim.Tests.Hardware;

/// <summary>The repository's hardware catalog.</summary>
internal static class Catalog
{
    public static HardwareCatalog Default { get; } = HardwareCatalog.Of(TestCatalog.Repository);

    public static AcceleratorSpec Load(string name) => Default.Load(name);

    public static string Text(string name) => File.ReadAllText(Path.Combine(Default.Directory, name + ".yaml"));
}
