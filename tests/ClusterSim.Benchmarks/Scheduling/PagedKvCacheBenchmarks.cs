using BenchmarkDotNet.Attributes;
using ClusterSim.Engine.Random;
using ClusterSim.Scheduling.KvCache;

namespace ClusterSim.Benchmarks.Scheduling;

/// <summary>
/// Replays a fixed script of admit, grow (one decode token) and release operations over 128 concurrent slots, the
/// KV-cache work of a decode-heavy rank. Reported time is per operation.
/// </summary>
[MemoryDiagnoser]
public class PagedKvCacheBenchmarks
{
    private const int Slots = 128;
    private const int Rounds = 200;
    private const int Operations = Slots * (Rounds + 1);
    private const int BlockTokens = 16;
    private const int HashBlockTokens = 64;
    private const int CapacityBlocks = 20_000;

    private readonly byte[] _kinds = new byte[Operations];
    private readonly int[] _slots = new int[Operations];
    private readonly int[] _tokens = new int[Operations];
    private readonly int[] _hashStarts = new int[Operations];
    private readonly int[] _hashCounts = new int[Operations];
    private ulong[] _hashes = [];
    private PagedKvCache _plain = null!;
    private PagedKvCache _prefix = null!;

    [GlobalSetup]
    public void BuildScript()
    {
        RandomStream random = RandomStream.ForComponent(42, "kv-bench");
        var hashes = new List<ulong>();
        var remainingGrows = new int[Slots];
        var tokens = new int[Slots];
        var active = new bool[Slots];
        int op = 0;
        for (int round = 0; round <= Rounds; round++)
        {
            for (int slot = 0; slot < Slots; slot++, op++)
            {
                _slots[op] = slot;
                bool lastRound = round == Rounds;
                if (!active[slot] && !lastRound)
                {
                    // Prompts of 512-2048 tokens from 64 conversations sharing a 256-token system prompt.
                    int prompt = 512 + random.NextInt(1537);
                    int conversation = random.NextInt(64);
                    _hashStarts[op] = hashes.Count;
                    _hashCounts[op] = (prompt + HashBlockTokens - 1) / HashBlockTokens;
                    for (int i = 0; i < _hashCounts[op]; i++)
                    {
                        hashes.Add(i < 4 ? (ulong)i : (ulong)((conversation * 1000) + i));
                    }

                    (_kinds[op], _tokens[op], tokens[slot]) = (0, prompt, prompt);
                    remainingGrows[slot] = 8 + random.NextInt(57);
                    active[slot] = true;
                }
                else if (active[slot] && remainingGrows[slot] > 0 && !lastRound)
                {
                    remainingGrows[slot]--;
                    (_kinds[op], _tokens[op]) = (1, ++tokens[slot]);
                }
                else if (active[slot])
                {
                    _kinds[op] = 2;
                    active[slot] = false;
                }
                else
                {
                    _kinds[op] = 3; // idle slot in the last round
                }
            }
        }

        _hashes = [.. hashes];
        _plain = new PagedKvCache(CapacityBlocks, BlockTokens);
        _prefix = new PagedKvCache(CapacityBlocks, BlockTokens, HashBlockTokens, Slots);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Operations)]
    public int WithoutPrefixCache() => Replay(_plain, usePrefix: false);

    [Benchmark(OperationsPerInvoke = Operations)]
    public int WithPrefixCache() => Replay(_prefix, usePrefix: true);

    private int Replay(PagedKvCache cache, bool usePrefix)
    {
        int cachedTotal = 0;
        for (int op = 0; op < Operations; op++)
        {
            int slot = _slots[op];
            switch (_kinds[op])
            {
                case 0:
                    ReadOnlySpan<ulong> hashes = usePrefix ? _hashes.AsSpan(_hashStarts[op], _hashCounts[op]) : [];
                    if (!cache.TryAdmit(slot, _tokens[op], hashes, out int cached))
                    {
                        throw new InvalidOperationException("benchmark script outgrew the cache");
                    }

                    cachedTotal += cached;
                    break;
                case 1:
                    cache.TryGrow(slot, _tokens[op]);
                    break;
                case 2:
                    cache.Release(slot);
                    break;
                default:
                    break;
            }
        }

        return cachedTotal;
    }
}
