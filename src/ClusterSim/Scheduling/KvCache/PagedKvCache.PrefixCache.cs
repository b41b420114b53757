namespace ClusterSim.Scheduling.KvCache;

/// <summary>Prefix caching: hash blocks shared by reference count and evicted in least-recently-used order.</summary>
public sealed partial class PagedKvCache
{
    private const int NoEntry = -1;

    // One cached hash block ("entry") stands for BlocksPerHash KV blocks. Index arrays, no objects: the LRU list is
    // intrusive (previous/next indices) so touch, unlink and evict are O(1) and allocate nothing.
    private readonly ulong[] _entryKeys;
    private readonly int[] _entryRefCounts;
    private readonly int[] _lruPrevious;
    private readonly int[] _lruNext;
    private readonly int[] _freeEntries;
    private readonly Dictionary<ulong, int> _entryByKey;
    private int _freeEntryCount;
    private int _lruHead = NoEntry;
    private int _lruTail = NoEntry;

    private long _lookups;
    private long _lookupsWithHit;
    private long _promptTokens;
    private long _hitTokens;
    private long _evictedEntries;

    /// <summary>Prefix-cache counters so far.</summary>
    public PrefixCacheStatistics Statistics => new(
        _lookups, _lookupsWithHit, _promptTokens, _hitTokens, _evictedEntries, _evictedEntries * BlocksPerHash);

    /// <summary>Hash blocks currently cached (held by requests or evictable).</summary>
    public int CachedHashBlocks => _entryByKey.Count;

    /// <summary>How many leading hashes of <paramref name="hashes"/> are cached; no side effects (LRU untouched).</summary>
    public int MatchPrefix(ReadOnlySpan<ulong> hashes) => MatchPrefix(hashes, hashes.Length);

    /// <summary>
    /// Prompt tokens an admission of <paramref name="tokens"/> tokens with these hashes would find cached right now:
    /// whole hash blocks only, and never the last prompt token (the model must run at least one token to sample).
    /// </summary>
    public int CachedTokensFor(int tokens, ReadOnlySpan<ulong> hashes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(tokens);
        return PrefixCachingEnabled ? MatchPrefix(hashes, MatchableHashes(tokens, hashes.Length)) * HashBlockTokens : 0;
    }

    /// <summary>
    /// Admits a request of <paramref name="tokens"/> prompt tokens whose prefix hashes (one per
    /// <see cref="HashBlockTokens"/> tokens, in order) are <paramref name="hashes"/>: the longest cached prefix is
    /// shared, only the rest is allocated, all or nothing. Full hash blocks of the prompt become cached.
    /// </summary>
    /// <param name="slot">The caller's dense slot number for this request.</param>
    /// <param name="tokens">Prompt tokens (or tokens to hold KV for, when re-admitting after preemption).</param>
    /// <param name="hashes">
    /// Prefix hashes, hash i covering tokens [i * HashBlockTokens, (i + 1) * HashBlockTokens); a hash is cached once the
    /// admission covers its whole range, so when re-admitting with generated tokens beyond the prompt pass only the
    /// prompt's full-block hashes. Ignored when prefix caching is off.
    /// </param>
    /// <param name="cachedTokens">Prompt tokens found in the cache, which need no prefill compute; 0 on refusal.</param>
    /// <returns>False, with nothing changed, when fewer blocks are free than the unmatched part needs.</returns>
    /// <exception cref="InvalidOperationException">The slot already holds a request (a caller bug).</exception>
    public bool TryAdmit(int slot, int tokens, ReadOnlySpan<ulong> hashes, out int cachedTokens)
    {
        EnsureSlot(slot);
        if (_slots[slot].Admitted)
        {
            throw new InvalidOperationException($"KV cache: slot {slot} admitted twice without a release");
        }

        int neededBlocks = BlocksNeeded(tokens);
        bool caching = PrefixCachingEnabled;
        int fullHashes = caching ? Math.Min(hashes.Length, tokens / HashBlockTokens) : 0;
        int matchable = caching ? MatchableHashes(tokens, hashes.Length) : 0;
        int[] entries = EntryBuffer(slot, fullHashes);

        // Share the longest cached run of full hash blocks, recording the entries, and count shared blocks that
        // sit in the free pool: pinning them takes them out of what the unshared tail can use. Sharing may go one
        // hash past the cached-token limit (the last prompt token is recomputed), since it recomputes the same KV.
        int shared = 0;
        int pinnedFreeBlocks = 0;
        ulong parentKey = PrefixHash.Root;
        while (shared < fullHashes)
        {
            ulong key = PrefixHash.Chain(parentKey, hashes[shared]);
            if (!_entryByKey.TryGetValue(key, out int entry))
            {
                break;
            }

            entries[shared++] = entry;
            parentKey = key;
            if (_entryRefCounts[entry] == 0)
            {
                pinnedFreeBlocks += BlocksPerHash;
            }
        }

        int newBlocks = neededBlocks - (shared * BlocksPerHash);
        if (newBlocks > FreeBlocks - pinnedFreeBlocks)
        {
            cachedTokens = 0;
            return false;
        }

        // Pin before allocating so the eviction inside the allocation cannot take the blocks we just matched.
        for (int i = 0; i < shared; i++)
        {
            Pin(entries[i]);
        }

        AllocateBlocks(newBlocks);
        int entryCount = shared;
        int privateBlocks = newBlocks;
        for (int i = shared; i < fullHashes; i++)
        {
            ulong key = PrefixHash.Chain(parentKey, hashes[i]);
            parentKey = key;

            // Unreachable while a parent is always more recently used than its children (pins cover whole prefixes,
            // releases unpin deepest first), but a 64-bit key collision should cost a private copy, not a crash.
            if (_entryByKey.ContainsKey(key))
            {
                continue;
            }

            int entry = _freeEntries[--_freeEntryCount];
            _entryKeys[entry] = key;
            _entryRefCounts[entry] = 1;
            _entryByKey.Add(key, entry);
            entries[entryCount++] = entry;
            privateBlocks -= BlocksPerHash;
        }

        _slots[slot] = new SlotState { Admitted = true, Tokens = tokens, PrivateBlocks = privateBlocks, EntryCount = entryCount };
        NotePeak();

        int matched = Math.Min(shared, matchable);
        cachedTokens = matched * HashBlockTokens;
        if (caching)
        {
            _lookups++;
            _promptTokens += tokens;
            _hitTokens += cachedTokens;
            if (matched > 0)
            {
                _lookupsWithHit++;
            }
        }

        return true;
    }

    // At most floor((tokens - 1) / HashBlockTokens) hashes may match, so at least one prompt token is computed.
    private int MatchableHashes(int tokens, int hashCount) =>
        tokens == 0 ? 0 : Math.Min(hashCount, (tokens - 1) / HashBlockTokens);

    private int MatchPrefix(ReadOnlySpan<ulong> hashes, int limit)
    {
        if (!PrefixCachingEnabled)
        {
            return 0;
        }

        int matched = 0;
        ulong key = PrefixHash.Root;
        while (matched < limit)
        {
            key = PrefixHash.Chain(key, hashes[matched]);
            if (!_entryByKey.ContainsKey(key))
            {
                break;
            }

            matched++;
        }

        return matched;
    }

    private int[] EntryBuffer(int slot, int length)
    {
        int[]? buffer = _entries[slot];
        if (length == 0)
        {
            return buffer ?? [];
        }

        if (buffer is null || buffer.Length < length)
        {
            // Kept across occupants of the slot, so steady state allocates nothing.
            buffer = new int[Math.Max(length, (buffer?.Length ?? 4) * 2)];
            _entries[slot] = buffer;
        }

        return buffer;
    }

    // Callers have checked that FreeBlocks covers the request; eviction happens here, only as far as needed.
    private void AllocateBlocks(int blocks)
    {
        while (_emptyBlocks < blocks)
        {
            EvictLeastRecentlyUsed();
        }

        _emptyBlocks -= blocks;
    }

    private void EvictLeastRecentlyUsed()
    {
        int entry = _lruHead;
        if (entry == NoEntry)
        {
            throw new InvalidOperationException("KV cache: allocation ran out of evictable blocks after the free check");
        }

        Unlink(entry);
        _entryByKey.Remove(_entryKeys[entry]);
        _freeEntries[_freeEntryCount++] = entry;
        _evictableBlocks -= BlocksPerHash;
        _emptyBlocks += BlocksPerHash;
        _evictedEntries++;
    }

    private void Pin(int entry)
    {
        if (_entryRefCounts[entry]++ == 0)
        {
            Unlink(entry);
            _evictableBlocks -= BlocksPerHash;
        }
    }

    private void Unpin(int entry)
    {
        if (--_entryRefCounts[entry] == 0)
        {
            Append(entry);
            _evictableBlocks += BlocksPerHash;
        }
    }

    private void Append(int entry)
    {
        _lruPrevious[entry] = _lruTail;
        _lruNext[entry] = NoEntry;
        if (_lruTail == NoEntry)
        {
            _lruHead = entry;
        }
        else
        {
            _lruNext[_lruTail] = entry;
        }

        _lruTail = entry;
    }

    private void Unlink(int entry)
    {
        int previous = _lruPrevious[entry];
        int next = _lruNext[entry];
        if (previous == NoEntry)
        {
            _lruHead = next;
        }
        else
        {
            _lruNext[previous] = next;
        }

        if (next == NoEntry)
        {
            _lruTail = previous;
        }
        else
        {
            _lruPrevious[next] = previous;
        }
    }
}
