using ClusterSim.Hardware;
using ClusterSim.Kernels;

using ClusterSim.Tests.Serving;

namespace ClusterSim.Tests.Kernels;

/// <summary>
/// The GEMM pricer's memo of per-call prices: a repeated GEMM gets exactly the price a fresh pricer computes, at any
/// number of calls; a GEMM differing in one key field is priced on its own; a collision only costs a recomputation.
/// </summary>
public sealed class GemmPriceMemoTests
{
    private static readonly AcceleratorSpec H800 = HardwareCatalog.Of(TestCatalog.Repository).Load("h800");
    private static readonly KernelTables Tables = KernelTables.Load(KernelTables.DirectoryOf(TestCatalog.Repository), "h800");

    // A measured row (m 64, n 2112, k 7168), an interpolated shape (m 96), a tile-model shape (m 32, below the table)
    // and a masked grouped GEMM with a fractional mean row count.
    public static TheoryData<double, double, double, double> Shapes => new()
    {
        { 1, 64, 2112, 7168 },
        { 1, 96, 2112, 7168 },
        { 1, 32, 1536, 7168 },
        { 16, 37.5, 4096, 7168 },
    };

    private static double Price(GemmPricer pricer, GemmShape shape, double calls, out bool computeBound, out KernelProvenance provenance, double extraRead = 0)
    {
        var (read, written) = GemmTileModel.BenchmarkBytes(shape, 1);
        return pricer.Nanoseconds(shape, DataType.Fp8, read + extraRead, written, calls, out computeBound, out provenance);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void A_hit_returns_exactly_the_uncached_price(double groups, double m, double n, double k)
    {
        var shape = new GemmShape(groups, m, n, k);
        var memoised = new GemmPricer(H800, Tables, maskedGroupedLayout: true);
        _ = Price(memoised, shape, 1, out _, out _);
        foreach (var calls in new[] { 1.0, 3.0, 58.0, 61.0 / 7 })
        {
            // A fresh pricer has nothing remembered: its answer is the uncached computation.
            var expected = Price(new GemmPricer(H800, Tables, maskedGroupedLayout: true), shape, calls, out var bound, out var provenance);
            var hit = Price(memoised, shape, calls, out var hitBound, out var hitProvenance);
            Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(hit));
            Assert.Equal(bound, hitBound);
            Assert.Equal(provenance, hitProvenance);
        }

        Assert.True(memoised.MemoCounts.Hits >= 4);
    }

    [Fact]
    public void The_uncached_tile_price_is_the_tile_model_times_the_calls()
    {
        // m = 32 lies below the table: the tile model's time for 58 calls, computed by hand from its one-call price.
        var shape = new GemmShape(1, 32, 1536, 7168);
        var (read, written) = GemmTileModel.BenchmarkBytes(shape, 1);
        var perCall = new GemmTileModel(H800).Nanoseconds(shape, DataType.Fp8, read, written, 1, out _);
        var pricer = new GemmPricer(H800, Tables, maskedGroupedLayout: true);
        _ = Price(pricer, shape, 1, out _, out _);
        Assert.Equal(58 * perCall, Price(pricer, shape, 58, out _, out var provenance));
        Assert.Equal(KernelProvenance.None, provenance);
    }

    [Fact]
    public void A_different_shape_or_byte_count_is_not_confused_with_a_remembered_one()
    {
        var pricer = new GemmPricer(H800, Tables, maskedGroupedLayout: true);
        var rowShape = new GemmShape(1, 64, 2112, 7168);
        var row = Price(pricer, rowShape, 1, out _, out var rowProvenance);
        Assert.Equal(KernelProvenance.Measured, rowProvenance);

        // Each neighbour differs in one field; each must get its own (uncached) price, not the row's.
        foreach (var shape in new[] { rowShape with { M = 65 }, rowShape with { N = 2048 }, rowShape with { K = 7169 }, rowShape with { Groups = 2 } })
        {
            var expected = Price(new GemmPricer(H800, Tables, maskedGroupedLayout: true), shape, 1, out _, out var provenance);
            Assert.Equal(expected, Price(pricer, shape, 1, out _, out var got));
            Assert.Equal(provenance, got);
            Assert.NotEqual(row, expected);
        }

        // Same shape, more bytes read: the tile model's verdict and time may change, so it is a different key.
        var small = new GemmShape(1, 32, 1536, 7168);
        var plain = Price(pricer, small, 1, out _, out _);
        var heavier = Price(pricer, small, 1, out _, out _, extraRead: 1e9);
        Assert.Equal(Price(new GemmPricer(H800, Tables, maskedGroupedLayout: true), small, 1, out _, out _, extraRead: 1e9), heavier);
        Assert.True(heavier > plain);
    }

    [Fact]
    public void A_memo_of_two_slots_still_prices_every_shape_exactly()
    {
        // Two slots for many shapes: collisions overwrite, and every answer still matches the fresh computation.
        var memo = new GemmPriceMemo(2);
        var shapes = Enumerable.Range(1, 40).Select(m => new GemmShape(1, m * 8, 2112, 7168)).ToArray();
        var priced = new Dictionary<GemmShape, GemmPerCall>();
        foreach (var round in Enumerable.Range(0, 3))
        {
            foreach (var shape in shapes)
            {
                var value = new GemmPerCall(GemmPriceKind.TileModel, shape.M * 1.5, shape.M > 100, KernelProvenance.None);
                if (memo.TryGet(shape, DataType.Fp8, 1, 2, out var hit))
                {
                    Assert.Equal(priced[shape], hit);
                }
                else
                {
                    memo.Set(shape, DataType.Fp8, 1, 2, value);
                    priced[shape] = value;
                }

                Assert.False(memo.TryGet(shape, DataType.Bf16, 1, 2, out _));
            }
        }

        Assert.True(memo.Misses > memo.Hits);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(1000)]
    public void The_slot_count_must_be_a_power_of_two(int slots) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new GemmPriceMemo(slots));
}
