using ClusterSim.Hardware;

namespace ClusterSim.Tests.Hardware;

public sealed class CatalogSmokeTests
{
    [Fact]
    public void Load_h200_reads_the_file()
    {
        var spec = HardwareCatalog.FindDefault().Load("h200");
        Assert.Equal("NVIDIA H200 SXM", spec.Name);
    }
}
