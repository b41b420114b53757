namespace ClusterSim.Scheduling.KvCache;

/// <summary>A from-scratch audit of the block accounting, for tests and debugging (never on the hot path).</summary>
public sealed partial class PagedKvCache
{
    /// <summary>Checks every accounting invariant from scratch; throws on the first violation (tests and debugging).</summary>
    internal void CheckInvariants()
    {
        long heldPrivate = 0;
        var pinsByEntry = new int[_entryKeys.Length];
        for (int slot = 0; slot < _slots.Length; slot++)
        {
            var state = _slots[slot];
            if (!state.Admitted)
            {
                Require(state.PrivateBlocks == 0 && state.EntryCount == 0 && state.Tokens == 0, "empty slot holds state");
                continue;
            }

            heldPrivate += state.PrivateBlocks;
            Require(state.PrivateBlocks >= 0, "negative private blocks");
            Require(BlocksOf(slot) == BlocksNeeded(state.Tokens), $"slot {slot} holds the wrong number of blocks");
            for (int i = 0; i < state.EntryCount; i++)
            {
                pinsByEntry[_entries[slot][i]]++;
            }
        }

        int lruCount = 0;
        for (int e = _lruHead, previous = NoEntry; e != NoEntry; previous = e, e = _lruNext[e])
        {
            Require(_lruPrevious[e] == previous, "broken LRU back link");
            Require(_entryRefCounts[e] == 0, "a referenced hash block is evictable");
            lruCount++;
        }

        int referencedEntries = 0;
        foreach ((ulong key, int entry) in _entryByKey)
        {
            Require(_entryKeys[entry] == key, "hash index points at the wrong block");
            Require(_entryRefCounts[entry] == pinsByEntry[entry], "reference count differs from the holders");
            referencedEntries += _entryRefCounts[entry] > 0 ? 1 : 0;
        }

        Require(lruCount + referencedEntries == _entryByKey.Count, "cached blocks neither held nor evictable");
        Require(_freeEntryCount + _entryByKey.Count == _entryKeys.Length, "hash block slots leaked");
        Require(_evictableBlocks == lruCount * BlocksPerHash, "evictable count differs from the LRU list");
        Require(UsedBlocks == heldPrivate + (referencedEntries * (long)BlocksPerHash), "used blocks differ from holders");
        Require(_emptyBlocks >= 0 && _evictableBlocks >= 0 && UsedBlocks >= 0, "negative block count");
        Require(UsedBlocks + FreeBlocks == CapacityBlocks, "used + free differs from capacity");
    }

    private static void Require(bool condition, string what)
    {
        if (!condition)
        {
            throw new InvalidOperationException($"KV cache invariant broken: {what}");
        }
    }
}
