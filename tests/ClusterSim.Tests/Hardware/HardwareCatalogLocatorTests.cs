using ClusterSim.Hardware;

namespace ClusterSim.Tests.Hardware;

public sealed class HardwareCatalogLocatorTests
{
    [Fact]
    public void FindUpwards_finds_the_catalog_in_an_ancestor_folder()
    {
        var root = Directory.CreateTempSubdirectory("clustersim-locator-");
        try
        {
            var catalog = Directory.CreateDirectory(Path.Combine(root.FullName, "scenarios", "hardware"));
            var deep = Directory.CreateDirectory(Path.Combine(root.FullName, "tests", "bin", "Debug"));
            Assert.Equal(catalog.FullName, HardwareCatalogLocator.FindUpwards(deep.FullName));
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    [Fact]
    public void Locate_from_the_test_folder_finds_the_repository_catalog()
    {
        var found = HardwareCatalogLocator.Locate();
        Assert.True(File.Exists(Path.Combine(found, "h200.yaml")), found);
    }
}
