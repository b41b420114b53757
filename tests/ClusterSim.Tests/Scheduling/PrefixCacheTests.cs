using ClusterSim.Scheduling.KvCache;

namespace ClusterSim.Tests.Scheduling;

public sealed class PrefixCacheTests
{
    // 16-token KV blocks, 64-token hash blocks: every hash stands for 4 KV blocks.
    private static PagedKvCache NewCache(int capacityBlocks) => new(capacityBlocks, blockTokens: 16, hashBlockTokens: 64);

    [Fact]
    public void A_request_sharing_three_leading_hashes_allocates_only_its_tail()
    {
        var cache = NewCache(40);

        // A: 300 tokens -> ceil(300 / 16) = 19 blocks; floor(300 / 64) = 4 full hash blocks become cached.
        Assert.True(cache.TryAdmit(0, 300, [1, 2, 3, 4, 5], out int cachedA));
        Assert.Equal(0, cachedA);
        Assert.Equal(19, cache.UsedBlocks);
        Assert.Equal(4, cache.CachedHashBlocks);

        // B: 250 tokens, hashes 1, 2, 3 shared -> 3 * 64 = 192 cached tokens, 3 * 4 = 12 shared blocks;
        // needs ceil(250 / 16) = 16 blocks, so allocates 16 - 12 = 4; used = 19 + 4 = 23.
        Assert.True(cache.TryAdmit(1, 250, [1, 2, 3, 9], out int cachedB));
        Assert.Equal(192, cachedB);
        Assert.Equal(16, cache.BlocksOf(1));
        Assert.Equal(23, cache.UsedBlocks);
        Assert.Equal(17, cache.FreeBlocks);

        // Token hit rate = 192 / (300 + 250) = 0.349...
        PrefixCacheStatistics stats = cache.Statistics;
        Assert.Equal(2, stats.Lookups);
        Assert.Equal(1, stats.LookupsWithHit);
        Assert.Equal(550, stats.PromptTokens);
        Assert.Equal(192, stats.HitTokens);
        Assert.Equal(192.0 / 550.0, stats.TokenHitRate, precision: 12);
        Assert.Equal(0.5, stats.RequestHitRate, precision: 12);
        cache.CheckInvariants();
    }

    [Fact]
    public void Release_keeps_full_hash_blocks_cached_and_frees_the_partial_tail()
    {
        var cache = NewCache(40);
        Assert.True(cache.TryAdmit(0, 300, [1, 2, 3, 4, 5], out _)); // 19 blocks: 4 hashes * 4 + 3 private
        Assert.True(cache.TryAdmit(1, 250, [1, 2, 3, 9], out _)); // shares hashes 1-3, 4 private

        cache.Release(0);

        // Hashes 1-3 are still held by B; hash 4 (4 blocks) is evictable; A's 3 private blocks are empty again.
        Assert.Equal(16, cache.UsedBlocks);
        Assert.Equal(4, cache.EvictableBlocks);
        Assert.Equal(40 - 16 - 4, cache.EmptyBlocks);
        Assert.Equal(4, cache.MatchPrefix([1, 2, 3, 4]));

        cache.Release(1);
        Assert.Equal(0, cache.UsedBlocks);
        Assert.Equal(16, cache.EvictableBlocks);
        Assert.Equal(40, cache.FreeBlocks);
        cache.CheckInvariants();
    }

    [Fact]
    public void Eviction_takes_the_least_recently_released_prefix_deepest_block_first()
    {
        var cache = NewCache(16);
        Assert.True(cache.TryAdmit(0, 128, [10, 11], out _)); // 8 blocks, 2 hash blocks
        cache.Release(0); // LRU: A11, A10
        Assert.True(cache.TryAdmit(1, 128, [20, 21], out _)); // takes the 8 empty blocks
        cache.Release(1); // LRU: A11, A10, B21, B20

        // 64 tokens need 4 blocks and none is empty: the oldest, A's deepest hash 11, goes first.
        Assert.True(cache.TryAdmit(2, 64, [30], out _));
        Assert.Equal(1, cache.MatchPrefix([10, 11]));
        Assert.Equal(2, cache.MatchPrefix([20, 21]));
        Assert.Equal(1, cache.Statistics.EvictedHashBlocks);
        Assert.Equal(4, cache.Statistics.EvictedBlocks);

        Assert.True(cache.TryAdmit(3, 64, [40], out _));
        Assert.Equal(0, cache.MatchPrefix([10, 11]));
        Assert.Equal(2, cache.MatchPrefix([20, 21]));
        cache.CheckInvariants();
    }

    [Fact]
    public void Reusing_a_cached_prefix_protects_it_and_evicts_the_next_oldest()
    {
        var cache = NewCache(16);
        Assert.True(cache.TryAdmit(0, 128, [10, 11], out _));
        cache.Release(0);
        Assert.True(cache.TryAdmit(1, 128, [20, 21], out _));
        cache.Release(1); // LRU: A11, A10, B21, B20

        // 129 tokens may match floor(128 / 64) = 2 hashes = 8 blocks; ceil(129 / 16) = 9 blocks, so 1 new block.
        // A's blocks are pinned, so the eviction for that block takes B21.
        Assert.True(cache.TryAdmit(2, 129, [10, 11, 12], out int cached));
        Assert.Equal(128, cached);
        Assert.Equal(9, cache.UsedBlocks);
        Assert.Equal(1, cache.MatchPrefix([20, 21]));
        Assert.Equal(2, cache.MatchPrefix([10, 11]));
        cache.CheckInvariants();
    }

    [Fact]
    public void Referenced_blocks_are_never_evicted()
    {
        var cache = NewCache(8);
        Assert.True(cache.TryAdmit(0, 128, [1, 2], out _)); // all 8 blocks, both hashes held

        Assert.False(cache.TryAdmit(1, 16));
        Assert.False(cache.TryAdmit(1, 16, [7], out int cached));
        Assert.Equal(0, cached);
        Assert.Equal(2, cache.MatchPrefix([1, 2]));
        Assert.Equal(0, cache.Statistics.EvictedHashBlocks);

        cache.Release(0);
        Assert.True(cache.TryAdmit(1, 16));
        Assert.Equal(1, cache.MatchPrefix([1, 2])); // the deepest hash was evicted for the 1 block
        cache.CheckInvariants();
    }

    [Fact]
    public void A_refused_admission_changes_neither_the_cache_nor_the_statistics()
    {
        var cache = NewCache(12);
        Assert.True(cache.TryAdmit(0, 128, [1, 2], out _)); // 8 blocks
        cache.Release(0); // 8 evictable, 4 empty
        Assert.True(cache.TryAdmit(1, 48)); // 3 blocks from the empty ones; 1 empty + 8 evictable left

        // 9 blocks are free, but matching [1, 2] pins the 8 evictable ones, leaving 1; the 200-token request
        // needs ceil(200 / 16) - 8 = 13 - 8 = 5 more: refused, and the LRU must still hold both hashes.
        Assert.False(cache.TryAdmit(2, 200, [1, 2, 3, 4], out _));

        Assert.Equal(2, cache.MatchPrefix([1, 2]));
        Assert.Equal(8, cache.EvictableBlocks);
        // Two lookups: A, and the hash-less admission of slot 1 (a miss); the refusal is not counted.
        Assert.Equal(2, cache.Statistics.Lookups);
        Assert.Equal(128 + 48, cache.Statistics.PromptTokens);
        Assert.Equal(0, cache.Statistics.EvictedHashBlocks);
        cache.CheckInvariants();
    }

    [Fact]
    public void The_last_prompt_token_is_always_computed()
    {
        var cache = NewCache(40);
        Assert.True(cache.TryAdmit(0, 128, [1, 2], out _));

        // The same 128-token prompt may match floor(127 / 64) = 1 hash: 64 cached tokens, 64 computed.
        Assert.Equal(64, cache.CachedTokensFor(128, [1, 2]));
        Assert.Equal(128, cache.CachedTokensFor(129, [1, 2, 3]));
        Assert.True(cache.TryAdmit(1, 128, [1, 2], out int cached));
        Assert.Equal(64, cached);
        Assert.Equal(8, cache.BlocksOf(1));
        // B recomputes tokens 64-127, whose KV equals what hash 2 already holds, so it shares that block too.
        Assert.Equal(8, cache.UsedBlocks);
        cache.CheckInvariants();
    }

    [Fact]
    public void Matching_is_by_prefix_so_a_block_after_a_different_prefix_does_not_match()
    {
        var cache = NewCache(40);
        Assert.True(cache.TryAdmit(0, 200, [1, 2, 3, 4], out _));

        Assert.Equal(3, cache.MatchPrefix([1, 2, 3]));
        Assert.Equal(0, cache.MatchPrefix([5, 2, 3]));
        Assert.Equal(1, cache.MatchPrefix([1, 3]));
    }

    [Fact]
    public void MatchPrefix_does_not_touch_the_lru_order()
    {
        var cache = NewCache(8);
        Assert.True(cache.TryAdmit(0, 64, [1], out _));
        cache.Release(0); // LRU: 1
        Assert.True(cache.TryAdmit(1, 64, [2], out _));
        cache.Release(1); // LRU: 1, 2

        Assert.Equal(1, cache.MatchPrefix([1]));
        Assert.True(cache.TryAdmit(2, 64)); // 4 blocks, none empty: evicts hash 1 despite the lookup

        Assert.Equal(0, cache.MatchPrefix([1]));
        Assert.Equal(1, cache.MatchPrefix([2]));
    }

    [Fact]
    public void Without_a_hash_block_size_hashes_are_ignored()
    {
        var cache = new PagedKvCache(40, 16);
        Assert.True(cache.TryAdmit(0, 128, [1, 2], out _));
        Assert.True(cache.TryAdmit(1, 128, [1, 2], out int cached));

        Assert.Equal(0, cached);
        Assert.Equal(16, cache.UsedBlocks);
        Assert.Equal(0, cache.MatchPrefix([1, 2]));
        Assert.Equal(0, cache.Statistics.Lookups);
        Assert.False(cache.PrefixCachingEnabled);
    }

    [Fact]
    public void Mooncake_hash_blocks_of_512_tokens_map_onto_64_token_engine_blocks()
    {
        // 512 / 64 = 8 engine blocks per hash. A 1,300-token prompt: ceil(1300 / 512) = 3 hashes, of which
        // floor(1300 / 512) = 2 are full and cached; ceil(1300 / 64) = 21 blocks.
        var cache = new PagedKvCache(100, blockTokens: 64, hashBlockTokens: 512);
        Assert.True(cache.TryAdmit(0, 1300, [7, 8, 9], out _));
        Assert.Equal(21, cache.UsedBlocks);

        // A follow-up of 2,000 tokens sharing the first two hashes: 2 * 512 = 1,024 cached tokens, 16 shared
        // blocks, ceil(2000 / 64) - 16 = 32 - 16 = 16 new blocks.
        Assert.True(cache.TryAdmit(1, 2000, [7, 8, 10, 11], out int cached));
        Assert.Equal(1024, cached);
        Assert.Equal(21 + 16, cache.UsedBlocks);
        cache.CheckInvariants();
    }

    [Fact]
    public void A_preempted_request_readmitted_for_recompute_finds_its_prompt_blocks_cached()
    {
        var cache = NewCache(40);
        ulong[] prompt = [1, 2, 3, 4, 5];
        Assert.True(cache.TryAdmit(0, 300, prompt, out _)); // 4 full hashes cached
        Assert.True(cache.TryGrow(0, 340)); // 40 decode tokens: ceil(340 / 16) = 22 blocks

        cache.Release(0); // preempted: the scheduler re-queues it with prompt + generated tokens

        // Re-admitted with 340 tokens and the prompt's floor(300 / 64) = 4 full-block hashes (the 5th, partial, would
        // now wrongly cover generated tokens): 4 * 64 = 256 cached tokens, 84 recomputed.
        ReadOnlySpan<ulong> fullBlocks = prompt.AsSpan(0, 300 / 64);
        Assert.Equal(256, cache.CachedTokensFor(340, fullBlocks));
        Assert.True(cache.TryAdmit(0, 340, fullBlocks, out int cached));
        Assert.Equal(256, cached);
        Assert.Equal(22, cache.UsedBlocks);
        Assert.Equal(0, cache.EvictableBlocks);
        Assert.Equal(4, cache.CachedHashBlocks);
        cache.CheckInvariants();
    }
}
