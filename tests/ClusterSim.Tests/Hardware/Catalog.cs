using ClusterSim.Hardware;

namespace ClusterSim.Tests.Hardware;

/// <summary>The repository's hardware catalog, found the way the CLI finds it.</summary>
internal static class Catalog
{
    public static HardwareCatalog Default { get; } = HardwareCatalog.FindDefault();

    public static AcceleratorSpec Load(string name) => Default.Load(name);

    public static string Text(string name) => File.ReadAllText(Path.Combine(Default.Directory, name + ".yaml"));
}
