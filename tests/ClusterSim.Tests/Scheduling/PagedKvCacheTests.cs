using ClusterSim.Scheduling.KvCache;

namespace ClusterSim.Tests.Scheduling;

public sealed class PagedKvCacheTests
{
    [Fact]
    public void TryAdmit_reserves_the_ceiling_of_tokens_over_block_size()
    {
        var cache = new PagedKvCache(capacityBlocks: 10, blockTokens: 16);

        // 33 tokens / 16 per block = 2.06 -> 3 blocks; 10 - 3 = 7 free; 3 / 10 = 0.3.
        Assert.True(cache.TryAdmit(slot: 0, tokens: 33));

        Assert.Equal(3, cache.BlocksOf(0));
        Assert.Equal(3, cache.UsedBlocks);
        Assert.Equal(7, cache.FreeBlocks);
        Assert.Equal(0.3, cache.Utilization, precision: 12);
        Assert.Equal(33, cache.TokensOf(0));
    }

    [Fact]
    public void TryGrow_allocates_only_when_a_block_boundary_is_crossed()
    {
        var cache = new PagedKvCache(10, 16);
        Assert.True(cache.TryAdmit(0, 33));

        // 48 tokens still fit in 3 blocks of 16; the 49th token opens a 4th.
        Assert.True(cache.TryGrow(0, 48));
        Assert.Equal(3, cache.UsedBlocks);
        Assert.True(cache.TryGrow(0, 49));
        Assert.Equal(4, cache.UsedBlocks);
        Assert.Equal(6, cache.FreeBlocks);
    }

    [Fact]
    public void TryAdmit_is_all_or_nothing_when_too_few_blocks_are_free()
    {
        var cache = new PagedKvCache(10, 16);
        Assert.True(cache.TryAdmit(0, 100)); // ceil(100 / 16) = 7 blocks, 3 left

        Assert.False(cache.TryAdmit(1, 64)); // needs 4 > 3
        Assert.False(cache.IsAdmitted(1));
        Assert.Equal(0, cache.BlocksOf(1));
        Assert.Equal(3, cache.FreeBlocks);

        Assert.True(cache.TryAdmit(1, 48)); // exactly 3
        Assert.Equal(0, cache.FreeBlocks);
        Assert.Equal(1.0, cache.Utilization, precision: 12);
    }

    [Fact]
    public void TryGrow_refuses_without_change_when_the_pool_is_full()
    {
        var cache = new PagedKvCache(4, 16);
        Assert.True(cache.TryAdmit(0, 32));
        Assert.True(cache.TryAdmit(1, 32));

        Assert.False(cache.TryGrow(0, 33));

        Assert.Equal(32, cache.TokensOf(0));
        Assert.Equal(2, cache.BlocksOf(0));
        Assert.Equal(4, cache.UsedBlocks);
    }

    [Fact]
    public void Release_returns_every_block_of_the_slot()
    {
        var cache = new PagedKvCache(10, 16);
        Assert.True(cache.TryAdmit(0, 40)); // 3 blocks
        Assert.True(cache.TryAdmit(5, 17)); // 2 blocks, slot numbers need not be contiguous
        Assert.True(cache.TryGrow(0, 70)); // ceil(70 / 16) = 5 blocks

        cache.Release(0);

        Assert.Equal(2, cache.UsedBlocks);
        Assert.Equal(8, cache.FreeBlocks);
        Assert.False(cache.IsAdmitted(0));
        cache.CheckInvariants();
    }

    [Fact]
    public void PeakUtilization_remembers_the_highest_occupancy()
    {
        var cache = new PagedKvCache(10, 16);
        Assert.True(cache.TryAdmit(0, 80)); // 5 blocks
        cache.Release(0);
        Assert.True(cache.TryAdmit(1, 32)); // 2 blocks

        Assert.Equal(0.2, cache.Utilization, precision: 12);
        Assert.Equal(0.5, cache.PeakUtilization, precision: 12);
    }

    [Fact]
    public void Slots_beyond_the_initial_capacity_grow_the_arrays()
    {
        var cache = new PagedKvCache(100, 16, hashBlockTokens: 0, slotCapacity: 2);

        Assert.True(cache.TryAdmit(1000, 16));

        Assert.Equal(1, cache.BlocksOf(1000));
        cache.CheckInvariants();
    }

    [Fact]
    public void Admitting_an_occupied_slot_is_a_bug()
    {
        var cache = new PagedKvCache(10, 16);
        Assert.True(cache.TryAdmit(0, 16));

        Assert.Throws<InvalidOperationException>(() => cache.TryAdmit(0, 16));
    }

    [Fact]
    public void Releasing_twice_is_a_bug()
    {
        var cache = new PagedKvCache(10, 16);
        Assert.True(cache.TryAdmit(0, 16));
        cache.Release(0);

        Assert.Throws<InvalidOperationException>(() => cache.Release(0));
        Assert.Throws<InvalidOperationException>(() => cache.Release(7));
    }

    [Fact]
    public void Growing_an_empty_slot_or_shrinking_a_request_is_a_bug()
    {
        var cache = new PagedKvCache(10, 16);
        Assert.Throws<InvalidOperationException>(() => cache.TryGrow(3, 10));

        Assert.True(cache.TryAdmit(3, 40));
        Assert.Throws<ArgumentOutOfRangeException>(() => cache.TryGrow(3, 39));
        Assert.Throws<ArgumentOutOfRangeException>(() => cache.TryAdmit(-1, 10));
    }

    [Fact]
    public void BlocksFor_floors_free_bytes_over_block_bytes()
    {
        // DeepSeek-V3 MLA, one rank holding all 61 layers: (512 + 64) * 61 * 2 B = 70,272 B per token.
        // A block of 64 tokens = 4,497,408 B; 50e9 / 4,497,408 = 11,117.5 -> 11,117 whole blocks.
        Assert.Equal(11_117, PagedKvCache.BlocksFor(50e9, 64, 70_272));

        // An exact fit is not lost to rounding: 48,000 B / (16 * 1,000 B) = 3.
        Assert.Equal(3, PagedKvCache.BlocksFor(48_000, 16, 1_000));
        Assert.Equal(0, PagedKvCache.BlocksFor(-5e9, 16, 1_000));
        Assert.Equal(int.MaxValue, PagedKvCache.BlocksFor(1e30, 1, 1));
    }

    [Fact]
    public void BlocksFor_and_the_constructor_reject_impossible_parameters()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PagedKvCache.BlocksFor(1e9, 0, 100));
        Assert.Throws<ArgumentOutOfRangeException>(() => PagedKvCache.BlocksFor(1e9, 16, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => PagedKvCache.BlocksFor(double.NaN, 16, 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PagedKvCache(0, 16));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PagedKvCache(10, 0));

        // 100 tokens per hash is not a whole number of 16-token blocks.
        Assert.Throws<ArgumentOutOfRangeException>(() => new PagedKvCache(10, 16, hashBlockTokens: 100));
    }
}
