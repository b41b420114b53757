using System.Diagnostics.CodeAnalysis;

namespace ClusterSim.Scheduling.KvCache;

/// <summary>
/// The paged KV cache of one attention data-parallel rank: a fixed pool of blocks of <see cref="BlockTokens"/>
/// tokens, handed to running requests identified by dense slot numbers, with an optional prefix cache.
/// </summary>
/// <remarks>
/// Implementation note: the simulator needs block counts, not block identities, so private blocks are a count per
/// slot and only cached hash blocks (which can be shared and evicted) have an index. All state lives in arrays sized
/// up front; admit, grow and release allocate nothing once the slot arrays have grown to the busiest slot number.
/// Accounting: every block is either used (held by at least one admitted request), evictable (cached, held by no
/// request) or empty; free = evictable + empty, and used + free = capacity always.
/// </remarks>
public sealed partial class PagedKvCache
{
    private const int DefaultSlotCapacity = 64;

    private int _emptyBlocks;
    private int _evictableBlocks;
    private int _peakUsedBlocks;

    // Per slot; grown by doubling when the caller uses a larger slot number. The counts a decode step reads and writes
    // for every running request sit together (one cache line holds four slots), the entry lists apart.
    private SlotState[] _slots;
    private int[][] _entries;

    /// <summary>Creates a cache of <paramref name="capacityBlocks"/> blocks without prefix caching.</summary>
    /// <param name="capacityBlocks">Blocks in the pool, at least 1 (see <see cref="BlocksFor"/>).</param>
    /// <param name="blockTokens">Tokens per KV block, at least 1 (vLLM uses 16, SGLang 1, MLA kernels often 64).</param>
    public PagedKvCache(int capacityBlocks, int blockTokens)
        : this(capacityBlocks, blockTokens, hashBlockTokens: 0)
    {
    }

    /// <summary>Creates a cache; a positive <paramref name="hashBlockTokens"/> enables prefix caching.</summary>
    /// <param name="capacityBlocks">Blocks in the pool, at least 1 (see <see cref="BlocksFor"/>).</param>
    /// <param name="blockTokens">Tokens per KV block, at least 1.</param>
    /// <param name="hashBlockTokens">
    /// Tokens covered by one prefix hash of the workload (Mooncake: 512), a positive multiple of
    /// <paramref name="blockTokens"/>; 0 disables prefix caching.
    /// </param>
    /// <param name="slotCapacity">Initial number of slots; larger slot numbers grow the arrays.</param>
    public PagedKvCache(int capacityBlocks, int blockTokens, int hashBlockTokens, int slotCapacity = DefaultSlotCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacityBlocks, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(blockTokens, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(hashBlockTokens);
        ArgumentOutOfRangeException.ThrowIfLessThan(slotCapacity, 1);
        if (hashBlockTokens % blockTokens != 0)
        {
            throw new ArgumentOutOfRangeException(
                nameof(hashBlockTokens),
                hashBlockTokens,
                $"prefix hash blocks must cover a whole number of KV blocks of {blockTokens} tokens");
        }

        CapacityBlocks = capacityBlocks;
        BlockTokens = blockTokens;
        HashBlockTokens = hashBlockTokens;
        BlocksPerHash = hashBlockTokens / blockTokens;
        _emptyBlocks = capacityBlocks;

        _slots = new SlotState[slotCapacity];
        _entries = new int[slotCapacity][];

        int maxEntries = BlocksPerHash == 0 ? 0 : capacityBlocks / BlocksPerHash;
        _entryKeys = new ulong[maxEntries];
        _entryRefCounts = new int[maxEntries];
        _lruPrevious = new int[maxEntries];
        _lruNext = new int[maxEntries];
        _freeEntries = new int[maxEntries];
        for (int i = 0; i < maxEntries; i++)
        {
            // Hand out low indices first; it makes test failures easier to read.
            _freeEntries[i] = maxEntries - 1 - i;
        }

        _freeEntryCount = maxEntries;
        _entryByKey = new Dictionary<ulong, int>(maxEntries);
    }

    /// <summary>Blocks in the pool.</summary>
    public int CapacityBlocks { get; }

    /// <summary>Tokens per KV block.</summary>
    public int BlockTokens { get; }

    /// <summary>Tokens covered by one prefix hash; 0 when prefix caching is off.</summary>
    public int HashBlockTokens { get; }

    /// <summary>KV blocks per prefix hash (<see cref="HashBlockTokens"/> / <see cref="BlockTokens"/>); 0 when off.</summary>
    public int BlocksPerHash { get; }

    /// <summary>Whether requests that carry prefix hashes share cached blocks.</summary>
    public bool PrefixCachingEnabled => BlocksPerHash > 0;

    /// <summary>Blocks available to new allocations: empty blocks plus cached blocks no request holds.</summary>
    public int FreeBlocks => _emptyBlocks + _evictableBlocks;

    /// <summary>Blocks held by at least one admitted request.</summary>
    public int UsedBlocks => CapacityBlocks - _emptyBlocks - _evictableBlocks;

    /// <summary>Free blocks that hold no cached prefix.</summary>
    public int EmptyBlocks => _emptyBlocks;

    /// <summary>Free blocks that still hold a cached prefix no request uses (evicted in LRU order on demand).</summary>
    public int EvictableBlocks => _evictableBlocks;

    /// <summary>Used blocks over capacity, in [0, 1].</summary>
    public double Utilization => (double)UsedBlocks / CapacityBlocks;

    /// <summary>The highest <see cref="Utilization"/> seen after any admission or growth.</summary>
    public double PeakUtilization => (double)_peakUsedBlocks / CapacityBlocks;

    /// <summary>
    /// Whole blocks that fit in <paramref name="freeBytes"/> of HBM (left after weights and workspace) on one rank.
    /// </summary>
    /// <param name="freeBytes">HBM bytes available to the KV cache on this rank; at most 0 gives 0 blocks.</param>
    /// <param name="blockTokens">Tokens per block, at least 1.</param>
    /// <param name="kvBytesPerTokenPerRank">KV bytes one token occupies on this rank, over all its layers; positive.</param>
    /// <returns>floor(freeBytes / (blockTokens * kvBytesPerTokenPerRank)), capped at <see cref="int.MaxValue"/>.</returns>
    public static int BlocksFor(double freeBytes, int blockTokens, double kvBytesPerTokenPerRank)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(blockTokens, 1);
        if (!double.IsFinite(kvBytesPerTokenPerRank) || kvBytesPerTokenPerRank <= 0)
        {
            throw new ArgumentOutOfRangeException(
                nameof(kvBytesPerTokenPerRank), kvBytesPerTokenPerRank, "must be a positive finite number of bytes");
        }

        if (double.IsNaN(freeBytes))
        {
            throw new ArgumentOutOfRangeException(nameof(freeBytes), freeBytes, "must be a number of bytes");
        }

        if (freeBytes <= 0)
        {
            return 0;
        }

        // The small relative slack keeps an exact fit (free bytes = n whole blocks) from flooring to n - 1.
        double blocks = Math.Floor(freeBytes / (blockTokens * kvBytesPerTokenPerRank) * (1 + 1e-12));
        return blocks >= int.MaxValue ? int.MaxValue : (int)blocks;
    }

    /// <summary>Blocks needed to hold <paramref name="tokens"/> tokens: ceil(tokens / BlockTokens).</summary>
    public int BlocksNeeded(int tokens)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(tokens);
        return (int)(((long)tokens + BlockTokens - 1) / BlockTokens);
    }

    /// <summary>Whether <paramref name="slot"/> currently holds an admitted request.</summary>
    public bool IsAdmitted(int slot) => (uint)slot < (uint)_slots.Length && _slots[slot].Admitted;

    /// <summary>Tokens the request in <paramref name="slot"/> holds KV for; 0 if the slot is empty.</summary>
    public int TokensOf(int slot) => IsAdmitted(slot) ? _slots[slot].Tokens : 0;

    /// <summary>Blocks the request in <paramref name="slot"/> holds, shared ones included; 0 if the slot is empty.</summary>
    public int BlocksOf(int slot) =>
        IsAdmitted(slot) ? _slots[slot].PrivateBlocks + (_slots[slot].EntryCount * BlocksPerHash) : 0;

    /// <summary>
    /// Reserves ceil(tokens / BlockTokens) blocks for a new request, all or nothing, without prefix matching.
    /// </summary>
    /// <returns>False, with nothing changed, when fewer blocks are free than needed.</returns>
    /// <exception cref="InvalidOperationException">The slot already holds a request (a caller bug).</exception>
    public bool TryAdmit(int slot, int tokens) => TryAdmit(slot, tokens, [], out _);

    /// <summary>
    /// Grows the request in <paramref name="slot"/> to <paramref name="newTotalTokens"/>, allocating only the extra
    /// blocks (evicting unreferenced cached blocks if needed), all or nothing.
    /// </summary>
    /// <returns>False, with nothing changed, when too few blocks are free: the caller preempts a request.</returns>
    /// <exception cref="InvalidOperationException">The slot holds no request (a caller bug).</exception>
    public bool TryGrow(int slot, int newTotalTokens)
    {
        if (!IsAdmitted(slot))
        {
            ThrowNotAdmitted(slot, "grows");
        }
        if (newTotalTokens < _slots[slot].Tokens)
        {
            throw new ArgumentOutOfRangeException(
                nameof(newTotalTokens), newTotalTokens, $"a request never shrinks; slot {slot} holds {_slots[slot].Tokens} tokens");
        }

        return Grow(slot, newTotalTokens);
    }

    /// <summary>
    /// Grows the request in <paramref name="slot"/> to hold at least <paramref name="tokens"/> tokens (one holding more
    /// keeps them): <see cref="TryGrow"/> to the larger of <paramref name="tokens"/> and <see cref="TokensOf"/>.
    /// </summary>
    /// <returns>False, with nothing changed, when too few blocks are free: the caller preempts a request.</returns>
    /// <exception cref="InvalidOperationException">The slot holds no request (a caller bug).</exception>
    public bool TryGrowToAtLeast(int slot, int tokens)
    {
        if (!IsAdmitted(slot))
        {
            ThrowNotAdmitted(slot, "grows");
        }
        return Grow(slot, Math.Max(_slots[slot].Tokens, tokens));
    }

    // Every decode step grows each running request by a token; only one step in BlockTokens needs a block, so the
    // others only count the token (ceil(n / BlockTokens) == blocks held exactly when n lies in the last held block).
    private bool Grow(int slot, int newTotalTokens)
    {
        ref var state = ref _slots[slot];
        int heldBlocks = state.PrivateBlocks + (state.EntryCount * BlocksPerHash);
        long heldTokens = (long)heldBlocks * BlockTokens;
        if (newTotalTokens <= heldTokens && newTotalTokens > heldTokens - BlockTokens)
        {
            state.Tokens = newTotalTokens;
            return true;
        }

        int extraBlocks = BlocksNeeded(newTotalTokens) - heldBlocks;
        if (extraBlocks > FreeBlocks)
        {
            return false;
        }

        AllocateBlocks(extraBlocks);
        state.PrivateBlocks += extraBlocks;
        state.Tokens = newTotalTokens;
        NotePeak();
        return true;
    }

    // Apart from the callers, which run once per request per step: their check inlines, the message does not.
    [DoesNotReturn]
    private static void ThrowNotAdmitted(int slot, string what) =>
        throw new InvalidOperationException($"KV cache: slot {slot} {what} but holds no admitted request");

    /// <summary>
    /// Releases the request in <paramref name="slot"/> (finished or preempted): its private blocks become empty and
    /// its cached hash blocks stay cached, evictable once no other request holds them.
    /// </summary>
    /// <exception cref="InvalidOperationException">The slot holds no request (a caller bug, e.g. a double release).</exception>
    public void Release(int slot)
    {
        if (!IsAdmitted(slot))
        {
            ThrowNotAdmitted(slot, "released");
        }

        // Deepest block first, so the LRU list evicts a prefix's tail before its head.
        int[]? entries = _entries[slot];
        ref var state = ref _slots[slot];
        for (int i = state.EntryCount - 1; i >= 0; i--)
        {
            Unpin(entries![i]);
        }

        _emptyBlocks += state.PrivateBlocks;
        state = default;
    }

    private void NotePeak()
    {
        int used = UsedBlocks;
        if (used > _peakUsedBlocks)
        {
            _peakUsedBlocks = used;
        }
    }

    private void EnsureSlot(int slot)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(slot);
        if (slot < _slots.Length)
        {
            return;
        }

        int length = Math.Max(slot + 1, _slots.Length * 2);
        Array.Resize(ref _slots, length);
        Array.Resize(ref _entries, length);
    }

    /// <summary>What a slot holds: whether a request is admitted, its tokens, its private blocks and its shared entries.</summary>
    private struct SlotState
    {
        public bool Admitted;
        public int Tokens;
        public int PrivateBlocks;
        public int EntryCount;
    }
}
