using ClusterSim.Hardware;

namespace ClusterSim.Tests.Hardware;

public sealed class AcceleratorSpecTests
{
    [Fact]
    public void PeakFlops_returns_the_figure_of_a_supported_type()
    {
        var spec = Catalog.Load("b200");
        Assert.Equal(9000e12, spec.PeakFlops(DataType.Fp4).FlopsPerSecond);
        Assert.True(spec.Supports(DataType.Fp4));
        Assert.Equal("bf16, fp16, fp8, fp4", spec.SupportedTypeNames());
    }

    [Fact]
    public void PeakFlops_of_an_unsupported_type_fails_clearly()
    {
        var spec = Catalog.Load("a100");
        Assert.False(spec.Supports(DataType.Fp8));
        var error = Assert.Throws<NotSupportedException>(() => spec.PeakFlops(DataType.Fp8));
        Assert.Equal("NVIDIA A100 SXM 80GB has no dense fp8 peak in its hardware file; it supports bf16, fp16", error.Message);
    }

    [Theory]
    // Hand-computed from the reference table: peak FLOP/s / HBM B/s.
    [InlineData("h100", DataType.Bf16, 989.5 / 3.35)]   // 295.37
    [InlineData("h100", DataType.Fp8, 1979 / 3.35)]     // 590.75
    [InlineData("mi300x", DataType.Bf16, 1307.4 / 5.3)] // 246.68
    [InlineData("tpu-v6e", DataType.Bf16, 918 / 1.638)] // 560.44
    [InlineData("gaudi3", DataType.Fp8, 1835 / 3.7)]    // 495.95
    [InlineData("a100", DataType.Bf16, 312 / 2.039)]    // 153.02
    public void RidgePoint_matches_the_hand_calculation(string name, DataType type, double expected)
    {
        Assert.Equal(expected, Catalog.Load(name).RidgePoint(type), 9);
    }

    [Fact]
    public void Source_formats_kind_text_and_note()
    {
        Assert.Equal("measured: X (note: Y)", new Source(SourceKind.Measured, "X", "Y").ToString());
        Assert.Equal("assumed: Z", new Source(SourceKind.Assumed, "Z").ToString());
    }

    [Fact]
    public void Efficiency_For_refuses_communication()
    {
        var table = Catalog.Load("h200").Efficiency;
        Assert.Same(table.Gemm, table.For(OperationClass.Gemm));
        Assert.Throws<ArgumentException>(() => table.For(OperationClass.Communication));
    }
}
