using ClusterSim.Scheduling.KvCache;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace ClusterSim.Tests.Scheduling;

/// <summary>One random operation on a slot: kind 0 admit with prefix hashes, 1 grow, 2 release, 3 admit without hashes.</summary>
public readonly record struct KvOperation(int Kind, int Slot, int Tokens, int Family);

/// <summary>
/// Draws operations uniformly over their whole ranges (FsCheck's own ints stay near zero, which would almost never
/// fill the cache) and shrinks toward fewer tokens.
/// </summary>
public static class KvOperationArbitrary
{
    public static Arbitrary<KvOperation> Operation() => Arb.From(
        Gen.Choose(0, 3).SelectMany(
            kind => Gen.Choose(0, 7).SelectMany(
                slot => Gen.Choose(0, 255).SelectMany(
                    tokens => Gen.Choose(0, 3).Select(family => new KvOperation(kind, slot, tokens, family))))),
        operation => operation.Tokens == 0 ? [] : [operation with { Tokens = operation.Tokens / 2 }]);
}

public sealed class PagedKvCachePropertyTests
{
    private const int BlockTokens = 16;
    private const int HashBlockTokens = 64;
    private const int Slots = 8;

    [Property(MaxTest = 300, Arbitrary = [typeof(KvOperationArbitrary)])]
    public void Accounting_invariants_hold_after_every_operation_and_release_returns_everything(
        KvOperation[] program, byte capacitySeed)
    {
        int capacity = 4 + (capacitySeed % 36);
        var cache = new PagedKvCache(capacity, BlockTokens, HashBlockTokens, slotCapacity: 2);
        var hashes = new ulong[8];

        foreach ((int kind, int slot, int tokens, int family) in program ?? [])
        {
            switch (kind)
            {
                case 0 when !cache.IsAdmitted(slot):
                    AdmitWithPrefix(cache, slot, tokens, family, hashes);
                    break;
                case 1 when cache.IsAdmitted(slot):
                    GrowAndCheck(cache, slot, cache.TokensOf(slot) + (tokens / 4));
                    break;
                case 2 when cache.IsAdmitted(slot):
                    cache.Release(slot);
                    break;
                case 3 when !cache.IsAdmitted(slot):
                    // Without hashes nothing can be shared: admission succeeds exactly when the free pool covers it.
                    bool expected = cache.BlocksNeeded(tokens) <= cache.FreeBlocks;
                    Assert.Equal(expected, cache.TryAdmit(slot, tokens));
                    break;
                default:
                    break;
            }

            AssertAccounting(cache, capacity);
        }

        for (int slot = 0; slot < Slots; slot++)
        {
            if (cache.IsAdmitted(slot))
            {
                cache.Release(slot);
            }
        }

        cache.CheckInvariants();
        Assert.Equal(0, cache.UsedBlocks);
        Assert.Equal(capacity, cache.FreeBlocks);
        Assert.Equal(cache.CachedHashBlocks * (HashBlockTokens / BlockTokens), cache.EvictableBlocks);
    }

    [Property(MaxTest = 300, Arbitrary = [typeof(KvOperationArbitrary)])]
    public void Without_prefix_caching_the_cache_agrees_with_a_plain_block_count_model(KvOperation[] program, byte capacitySeed)
    {
        int capacity = 1 + (capacitySeed % 80);
        var cache = new PagedKvCache(capacity, BlockTokens);
        var modelBlocks = new int[Slots];
        var modelTokens = new int[Slots];
        var modelAdmitted = new bool[Slots];

        foreach ((int kind, int slot, int tokens, _) in program ?? [])
        {
            int modelUsed = modelBlocks.Sum();
            if (!modelAdmitted[slot] && kind != 2)
            {
                int need = (tokens + BlockTokens - 1) / BlockTokens;
                bool fits = modelUsed + need <= capacity;
                Assert.Equal(fits, cache.TryAdmit(slot, tokens));
                if (fits)
                {
                    (modelAdmitted[slot], modelBlocks[slot], modelTokens[slot]) = (true, need, tokens);
                }
            }
            else if (modelAdmitted[slot] && kind == 1)
            {
                int newTokens = modelTokens[slot] + tokens;
                int extra = ((newTokens + BlockTokens - 1) / BlockTokens) - modelBlocks[slot];
                bool fits = modelUsed + extra <= capacity;
                Assert.Equal(fits, cache.TryGrow(slot, newTokens));
                if (fits)
                {
                    (modelBlocks[slot], modelTokens[slot]) = (modelBlocks[slot] + extra, newTokens);
                }
            }
            else if (modelAdmitted[slot])
            {
                cache.Release(slot);
                (modelAdmitted[slot], modelBlocks[slot], modelTokens[slot]) = (false, 0, 0);
            }

            Assert.Equal(modelBlocks.Sum(), cache.UsedBlocks);
            Assert.Equal(modelBlocks[slot], cache.BlocksOf(slot));
            AssertAccounting(cache, capacity);
        }
    }

    private static void AdmitWithPrefix(PagedKvCache cache, int slot, int tokens, int family, ulong[] buffer)
    {
        // Every family shares hashes 1 and 2, then family f keeps sharing for f more blocks before it diverges.
        int count = Math.Min(buffer.Length, (tokens + HashBlockTokens - 1) / HashBlockTokens);
        for (int i = 0; i < count; i++)
        {
            buffer[i] = i < 2 + family ? (ulong)(i + 1) : (ulong)(((family + 1) * 1000) + i);
        }

        ReadOnlySpan<ulong> hashes = buffer.AsSpan(0, count);
        int predictedCached = cache.CachedTokensFor(tokens, hashes);
        int usedBefore = cache.UsedBlocks;
        int evictableBefore = cache.EvictableBlocks;
        PrefixCacheStatistics statsBefore = cache.Statistics;

        if (cache.TryAdmit(slot, tokens, hashes, out int cached))
        {
            Assert.Equal(predictedCached, cached);
            Assert.True(cached < Math.Max(tokens, 1));
            Assert.Equal(cache.BlocksNeeded(tokens), cache.BlocksOf(slot));
        }
        else
        {
            Assert.Equal(0, cached);
            Assert.False(cache.IsAdmitted(slot));
            Assert.Equal(usedBefore, cache.UsedBlocks);
            Assert.Equal(evictableBefore, cache.EvictableBlocks);
            Assert.Equal(statsBefore, cache.Statistics);
        }
    }

    private static void GrowAndCheck(PagedKvCache cache, int slot, int newTokens)
    {
        int extra = cache.BlocksNeeded(newTokens) - cache.BlocksOf(slot);
        bool expected = extra <= cache.FreeBlocks;
        int blocksBefore = cache.BlocksOf(slot);

        Assert.Equal(expected, cache.TryGrow(slot, newTokens));
        Assert.Equal(expected ? blocksBefore + extra : blocksBefore, cache.BlocksOf(slot));
    }

    private static void AssertAccounting(PagedKvCache cache, int capacity)
    {
        cache.CheckInvariants();
        Assert.Equal(capacity, cache.UsedBlocks + cache.FreeBlocks);
        Assert.InRange(cache.UsedBlocks, 0, capacity);
        Assert.InRange(cache.EvictableBlocks, 0, cache.FreeBlocks);
        Assert.InRange(cache.Utilization, 0.0, 1.0);
        Assert.InRange(cache.PeakUtilization, cache.Utilization, 1.0);
        Assert.InRange(cache.Statistics.TokenHitRate, 0.0, 1.0);
        Assert.InRange(cache.Statistics.RequestHitRate, 0.0, 1.0);
    }
}
