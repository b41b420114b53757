using ClusterSim.Hardware;
using ClusterSim.Scenarios;
using ClusterSim.Input;

namespace ClusterSim.Tests.Hardware;

public sealed class HardwareCatalogTests
{
    private static readonly string[] ExpectedNames =
        ["a100", "b200", "gaudi3", "gb200", "h100", "h200", "h800", "mi300x", "mi325x", "mi355x", "tpu-v5p", "tpu-v6e", "tpu-v7"];

    [Fact]
    public void Names_lists_every_catalog_file_sorted()
    {
        Assert.Equal(ExpectedNames, Catalog.Default.Names);
    }

    [Fact]
    public void LoadAll_reads_every_file_without_error()
    {
        var specs = Catalog.Default.LoadAll();
        Assert.Equal(ExpectedNames.Length, specs.Count);
        Assert.All(specs, s => Assert.True(s.Supports(DataType.Bf16), s.Name));
    }

    [Fact]
    public void Load_is_case_insensitive()
    {
        Assert.Equal("NVIDIA H200 SXM", Catalog.Load("H200").Name);
        Assert.Equal("Google TPU v5p", Catalog.Load("TPU-v5p").Name);
    }

    [Fact]
    public void Load_by_path_reads_that_file()
    {
        var path = Path.Combine(Catalog.Default.Directory, "mi300x.yaml");
        Assert.Equal("AMD Instinct MI300X", Catalog.Default.Load(path).Name);
    }

    [Fact]
    public void Load_of_an_unknown_name_suggests_the_nearest_and_lists_the_known()
    {
        var error = Assert.Throws<InputException>(() => Catalog.Load("h300"));
        Assert.Contains("unknown hardware 'h300'; did you mean 'h100'?", error.Message, StringComparison.Ordinal);
        Assert.Contains("allowed: a100, b200, gaudi3", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    // Figures from /work/shared/reference/hardware.md, in TFLOP/s, GB and TB/s.
    [InlineData("a100", 312, 80, 2.039)]
    [InlineData("h100", 989.5, 80, 3.35)]
    [InlineData("h800", 989.5, 80, 3.35)]
    [InlineData("h200", 989.5, 141, 4.8)]
    [InlineData("b200", 2250, 180, 8.0)]
    [InlineData("gb200", 2500, 186, 8.0)]
    [InlineData("mi300x", 1307.4, 192, 5.3)]
    [InlineData("mi325x", 1307.4, 256, 6.0)]
    [InlineData("mi355x", 2500, 288, 8.0)]
    [InlineData("tpu-v5p", 459, 95, 2.765)]
    [InlineData("tpu-v6e", 918, 32, 1.638)]
    [InlineData("tpu-v7", 2307, 192, 7.4)]
    [InlineData("gaudi3", 1835, 128, 3.7)]
    public void Catalog_figures_match_the_reference_table(string name, double bf16Teraflops, double hbmGigabytes, double hbmTerabytesPerSecond)
    {
        var spec = Catalog.Load(name);
        Assert.Equal(bf16Teraflops * 1e12, spec.PeakFlops(DataType.Bf16).FlopsPerSecond, 1e-3);
        Assert.Equal(hbmGigabytes * 1e9, spec.Hbm.Capacity.Value.Bytes, 1e-3);
        Assert.Equal(hbmTerabytesPerSecond * 1e12, spec.Hbm.Bandwidth.Value.BytesPerSecond, 1e-3);
    }

    [Fact]
    public void H800_scale_up_is_half_of_400_GB_per_s_bidirectional_with_measured_efficiency()
    {
        var spec = Catalog.Load("h800");
        // 400 GB/s bidirectional / 2 = 200 GB/s per direction; about 160 achieved → 160 / 200 = 80%.
        Assert.Equal(200e9, spec.ScaleUp.BandwidthPerDirection.Value.BytesPerSecond);
        Assert.Equal(0.80, spec.Efficiency.Communication.ScaleUp.Value, 12);
        Assert.Equal(SourceKind.Measured, spec.Efficiency.Communication.ScaleUp.Source.Kind);
        Assert.Equal(8, spec.ScaleOut.NicsPerNode.Value);
        Assert.Equal(50e9, spec.ScaleOut.NicBandwidthPerAccelerator.Value.BytesPerSecond);
    }

    [Fact]
    public void B200_bandwidth_carries_the_source_disagreement_note()
    {
        var bandwidth = Catalog.Load("b200").Hbm.Bandwidth;
        Assert.Equal(SourceKind.Datasheet, bandwidth.Source.Kind);
        Assert.Contains("7.7 TB/s", bandwidth.Source.Note, StringComparison.Ordinal);
        Assert.Contains("(note: ", bandwidth.Source.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void GB200_is_a_72_GPU_NVSwitch_domain()
    {
        var spec = Catalog.Load("gb200");
        Assert.Equal(ScaleUpKind.Switched, spec.ScaleUp.Kind);
        Assert.Equal(72, spec.ScaleUp.DomainSize.Value);
        Assert.Equal(10e15, spec.PeakFlops(DataType.Fp4).FlopsPerSecond);
    }

    [Theory]
    [InlineData("mi300x", ScaleUpKind.FullMesh)]
    [InlineData("tpu-v5p", ScaleUpKind.Torus)]
    [InlineData("gaudi3", ScaleUpKind.Switched)]
    [InlineData("h100", ScaleUpKind.Switched)]
    public void Scale_up_kind_is_read(string name, ScaleUpKind kind)
    {
        Assert.Equal(kind, Catalog.Load(name).ScaleUp.Kind);
    }

    [Fact]
    public void Every_efficiency_is_a_fraction_with_a_described_source()
    {
        foreach (var spec in Catalog.Default.LoadAll())
        {
            var e = spec.Efficiency;
            var factors = new[]
            {
                e.Gemm.Compute, e.Gemm.Memory, e.Attention.Compute, e.Attention.Memory,
                e.MemoryBound.Compute, e.MemoryBound.Memory, e.Communication.ScaleUp, e.Communication.ScaleOut,
            };
            Assert.All(factors, f =>
            {
                Assert.InRange(f.Value, 0.01, 1.0);
                Assert.False(string.IsNullOrWhiteSpace(f.Source.Text), spec.Name);
            });
        }
    }

    [Fact]
    public void H200_uses_the_public_measurements()
    {
        var e = Catalog.Load("h200").Efficiency;
        Assert.Equal(0.71, e.Gemm.Compute.Value, 12);
        Assert.Equal(SourceKind.Measured, e.Gemm.Compute.Source.Kind);
        Assert.Equal(0.91, e.MemoryBound.Memory.Value, 12);
        Assert.Equal(SourceKind.Measured, e.MemoryBound.Memory.Source.Kind);
    }

    [Fact]
    public void H800_attention_efficiency_is_FlashMLA_measured()
    {
        var attention = Catalog.Load("h800").Efficiency.Attention;
        // 580 / 989.5 = 0.586 and 3000 / 3350 = 0.896, rounded in the file to 58.6% and 89.6%.
        Assert.Equal(0.586, attention.Compute.Value, 12);
        Assert.Equal(0.896, attention.Memory.Value, 12);
        Assert.Equal(SourceKind.Measured, attention.Compute.Source.Kind);
        Assert.Contains("FlashMLA", attention.Memory.Source.Text, StringComparison.Ordinal);
    }
}
