using ClusterSim.Hardware;

namespace ClusterSim.Tests.Hardware;

public sealed class RooflineModelTests
{
    private static readonly RooflineModel H200 = new(Catalog.Load("h200"));

    [Fact]
    public void RidgePoint_H200_bf16_is_peak_over_bandwidth()
    {
        // 989.5e12 FLOP/s / 4.8e12 B/s = 206.1458... FLOP/B, 206.15 to two decimals.
        Assert.Equal(989.5e12 / 4.8e12, H200.RidgePoint(DataType.Bf16));
        Assert.Equal(206.15, Math.Round(H200.RidgePoint(DataType.Bf16), 2));
    }

    [Fact]
    public void RidgePoint_B200_bf16_is_exactly_281_25()
    {
        // 2250e12 / 8e12 = 281.25 exactly (the catalog takes 8.0 TB/s; 7.7 TB/s would give 292.2).
        Assert.Equal(281.25, new RooflineModel(Catalog.Load("b200")).RidgePoint(DataType.Bf16));
    }

    [Fact]
    public void RidgePoint_fp8_doubles_bf16()
    {
        // 1979e12 / 4.8e12 = 412.29; 2 x 989.5 = 1979, so exactly twice the BF16 ridge.
        Assert.Equal(2 * H200.RidgePoint(DataType.Bf16), H200.RidgePoint(DataType.Fp8), 9);
    }

    [Fact]
    public void Price_memory_bound_operator_is_bytes_over_effective_bandwidth_plus_launch()
    {
        // RMSNorm-like: 1 GB moved, 1 GFLOP, memory_bound class, H200 BF16.
        // memory  = 1e9 B / (4.8e12 B/s x 0.91) = 1e9 / 4.368e12 s = 228,937.729 ns
        // compute = 1e9 FLOP / (989.5e12 x 0.50) = 1e9 / 494.75e12 s = 2,021.223 ns
        // duration = 228,937.729 + 5,000 (launch) = 233,937.729 ns
        var priced = H200.Price(1e9, 1e9, OperationClass.MemoryBound, DataType.Bf16);
        Assert.Equal(RooflineBound.Memory, priced.Bound);
        Assert.Equal(228_937.729, priced.MemoryNanoseconds, 3);
        Assert.Equal(2_021.223, priced.ComputeNanoseconds, 3);
        Assert.Equal(233_937.729, priced.DurationNanoseconds, 3);
        Assert.Equal(233_938, priced.Duration.Nanoseconds);
    }

    [Fact]
    public void Price_compute_bound_gemm_is_flops_over_effective_peak_plus_launch()
    {
        // A 4096 x 4096 x 4096 BF16 GEMM: FLOPs = 2 x 4096^3 = 137,438,953,472;
        // bytes = 3 matrices x 4096^2 x 2 B = 100,663,296.
        // compute = 137,438,953,472 / (989.5e12 x 0.71 = 702.545e12) s = 195,630.107 ns
        // memory  = 100,663,296 / (4.8e12 x 0.91 = 4.368e12) s = 23,045.626 ns
        // duration = 195,630.107 + 5,000 = 200,630.107 ns
        var priced = H200.Price(2.0 * 4096 * 4096 * 4096, 3.0 * 4096 * 4096 * 2, OperationClass.Gemm, DataType.Bf16);
        Assert.Equal(RooflineBound.Compute, priced.Bound);
        Assert.Equal(195_630.107, priced.ComputeNanoseconds, 3);
        Assert.Equal(23_045.626, priced.MemoryNanoseconds, 3);
        Assert.Equal(200_630.107, priced.DurationNanoseconds, 3);
    }

    [Fact]
    public void Price_adds_the_launch_overhead_exactly_once()
    {
        var empty = H200.Price(0, 0, OperationClass.Gemm, DataType.Bf16);
        Assert.Equal(5_000, empty.DurationNanoseconds);
        Assert.Equal(5_000, empty.LaunchNanoseconds);

        var priced = H200.Price(3e12, 2e9, OperationClass.Attention, DataType.Fp8);
        Assert.Equal(5_000, priced.DurationNanoseconds - Math.Max(priced.ComputeNanoseconds, priced.MemoryNanoseconds), 6);
    }

    [Fact]
    public void Price_carries_the_provenance_of_the_factors_used()
    {
        var priced = H200.Price(1e12, 1e9, OperationClass.Gemm, DataType.Bf16);
        var p = priced.Provenance;
        Assert.Equal(OperationClass.Gemm, p.OperationClass);
        Assert.Equal(DataType.Bf16, p.DataType);
        Assert.Equal(0.71, p.ComputeEfficiency.Value, 12);
        Assert.Equal(SourceKind.Measured, p.ComputeEfficiency.Source.Kind);
        Assert.Equal(SourceKind.Datasheet, p.PeakFlops.Kind);
        Assert.Equal(SourceKind.Assumed, p.LaunchOverhead.Kind);
        Assert.Same(p, H200.Provenance(OperationClass.Gemm, DataType.Bf16));
    }

    [Fact]
    public void Price_of_an_unsupported_data_type_names_the_supported_ones()
    {
        var error = Assert.Throws<NotSupportedException>(() => H200.Price(1, 1, OperationClass.Gemm, DataType.Fp4));
        Assert.Equal("NVIDIA H200 SXM has no dense fp4 peak in its hardware file; it supports bf16, fp16, fp8", error.Message);
    }

    [Fact]
    public void Price_refuses_communication_which_the_fabric_prices()
    {
        Assert.Throws<ArgumentException>(() => H200.Price(1, 1, OperationClass.Communication, DataType.Bf16));
    }

    [Theory]
    [InlineData(-1.0, 0.0)]
    [InlineData(0.0, double.NaN)]
    public void Price_refuses_negative_or_missing_work(double flops, double bytes)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => H200.Price(flops, bytes, OperationClass.Gemm, DataType.Bf16));
    }

    [Fact]
    public void EffectiveRidgePoint_applies_both_efficiencies()
    {
        // (989.5e12 x 0.71) / (4.8e12 x 0.91) = 702.545e12 / 4.368e12 = 160.84 FLOP/B
        Assert.Equal(702.545e12 / 4.368e12, H200.EffectiveRidgePoint(OperationClass.Gemm, DataType.Bf16), 9);
        Assert.Equal(702.545e12, H200.EffectiveFlops(OperationClass.Gemm, DataType.Bf16).FlopsPerSecond, 0);
        Assert.Equal(4.368e12, H200.EffectiveBandwidth(OperationClass.Gemm).BytesPerSecond, 0);
    }

    [Fact]
    public void Price_allocates_nothing()
    {
        var model = H200;
        _ = model.Price(1e9, 1e6, OperationClass.Gemm, DataType.Bf16);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var total = 0.0;
        for (var i = 0; i < 10_000; i++)
        {
            total += model.Price(i * 1e9, i * 1e6, OperationClass.Attention, DataType.Fp8).DurationNanoseconds;
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(total > 0);
        Assert.Equal(0, allocated);
    }

    [FsCheck.Xunit.Property]
    public bool Price_is_the_larger_side_plus_launch(FsCheck.NonNegativeInt megaflops, FsCheck.NonNegativeInt megabytes)
    {
        var priced = H200.Price(megaflops.Get * 1e6, megabytes.Get * 1e6, OperationClass.Attention, DataType.Bf16);
        var expectedBound = priced.ComputeNanoseconds >= priced.MemoryNanoseconds ? RooflineBound.Compute : RooflineBound.Memory;
        return priced.Bound == expectedBound
            && priced.DurationNanoseconds == Math.Max(priced.ComputeNanoseconds, priced.MemoryNanoseconds) + priced.LaunchNanoseconds;
    }
}
