using ClusterSim.Engine.Random;
using Xunit;

namespace ClusterSim.Engine.Tests;

/// <summary>
/// <see cref="RandomStream.MultiplyBy32"/> replaces <see cref="Math.BigMul(ulong, ulong, out ulong)"/> in the bounded
/// integer draws, so it must give the same high and low words for every 64-bit value and 32-bit factor: the edges
/// (0, 1, all ones, carries out of the low half) and a million random pairs.
/// </summary>
public sealed class WideMultiplyTests
{
    [Theory]
    [InlineData(0UL, 0U)]
    [InlineData(ulong.MaxValue, uint.MaxValue)]
    [InlineData(ulong.MaxValue, 1U)]
    [InlineData(1UL, uint.MaxValue)]
    [InlineData(0xFFFF_FFFFUL, uint.MaxValue)]
    [InlineData(0x1_0000_0000UL, 3U)]
    [InlineData(0x8000_0000_FFFF_FFFFUL, 0x8000_0001U)]
    public void Edges_give_the_full_products_words(ulong x, uint factor) => AssertSame(x, factor);

    [Fact]
    public void A_million_random_pairs_give_bigmuls_words()
    {
        var random = new RandomStream(12345);
        for (var i = 0; i < 1_000_000; i++)
        {
            var x = random.NextUInt64();
            // Small factors (the alias table's columns, NextInt's ranges) and full 32-bit ones alike.
            var factor = (uint)(i % 2 == 0 ? random.NextUInt64() >> 32 : random.NextUInt64() % 1_025);
            AssertSame(x, factor);
        }
    }

    private static void AssertSame(ulong x, uint factor)
    {
        var high = Math.BigMul(x, factor, out var low);
        var high32 = RandomStream.MultiplyBy32(x, factor, out var low32);
        Assert.True(high == high32 && low == low32, $"{x:X16} × {factor:X8}: {high32:X16} {low32:X16}, BigMul {high:X16} {low:X16}");
    }
}
