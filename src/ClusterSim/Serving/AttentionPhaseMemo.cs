using ClusterSim.Analysis;
using ClusterSim.Hardware;
using ClusterSim.Kernels;
using ClusterSim.Models;

namespace ClusterSim.Serving;

/// <summary>
/// Remembers, per layer kind, per rank's new tokens and per whether it prefills, decodes or both, the priced
/// attention-side operators of one layer whose cost reads only those (projections, norms, quantisation, RoPE, router,
/// shared experts, the dense FFN): their nanoseconds, bound and provenance, in the order the layer runs them. A rank
/// with a remembered key replays them in that order and prices afresh, at their places, the operators that read its
/// context (the attention core, MLA's latent decompression: <see cref="OperatorCostModel.ReadsContext"/>), on a rank
/// that both prefills and decodes those that read one phase's tokens (<see cref="OperatorCostModel.ReadsPhaseTokens"/>),
/// and the tensor-parallel all-reduces (on the collective costs in force, which a link fault replaces). Every sum is
/// then added in the same order from the same doubles as without the memo, so step costs are bit for bit the same.
/// </summary>
/// <remarks>
/// Fixed size, allocated once: <see cref="Slots"/> entries of up to <see cref="MaxOperators"/> operators each, in two
/// tables indexed by tokens, phases and layer kind (no hashing: neighbouring token counts get neighbouring entries), so
/// keys collide only when their tokens differ by a multiple of the table's size over 2 (decode) or 4 (prefill). Decode-only
/// ranks (the shapes that recur: one to a few hundred tokens) have a table to themselves; ranks that prefill (whose token
/// counts vary a lot) share the other; a new key overwrites the entry it indexes. One memo may serve the step
/// pricers of one pool (the same cost model, roofline, GEMM pricer, kernel tables and CUDA-graph choice;
/// <see cref="Bind"/> refuses others), which must run on one thread (one simulation).
/// </remarks>
public sealed class AttentionPhaseMemo
{
    /// <summary>Entries for decode-only ranks in a memo built with the default size (117 KB with <see cref="DefaultPrefillSlots"/>).</summary>
    public const int DefaultDecodeSlots = 256;

    /// <summary>Entries for ranks that prefill in a memo built with the default size.</summary>
    public const int DefaultPrefillSlots = 256;

    /// <summary>Entries for decode-only ranks in the memo a pool's instances share (token counts collide only 512 apart).</summary>
    public const int PoolDecodeSlots = 1024;

    /// <summary>Entries for ranks that prefill in the memo a pool's instances share (token counts collide only 1,024 apart; 1.2 MB in all).</summary>
    public const int PoolPrefillSlots = 4096;

    /// <summary>Operators an entry holds; a layer with more attention-side operators is priced in full every time.</summary>
    public const int MaxOperators = 24;

    // An operator's tag: the provenance in the low two bits and the bound in ComputeBit, or one of the two markers.
    private const byte ComputeBit = 4;
    private const byte Fresh = 0x40;
    private const byte AllReduce = 0x80;

    // The rank's phases, in an entry's word above the layer kind (bits 0-1) and below the operator count (from bit 8);
    // -1 marks an empty entry.
    private const int DecodeOnly = 0;
    private const int PrefillOnly = 1;
    private const int Mixed = 2;
    private const byte NoOrdinal = 0xFF;

    private readonly int _decodeSlots;
    private readonly int _prefillSlots;
    private readonly byte[] _kindOrdinals = [NoOrdinal, NoOrdinal, NoOrdinal, NoOrdinal];
    private byte _kindsSeen;
    private readonly long[] _tokens;
    private readonly int[] _entries;
    private readonly double[] _values;
    private readonly byte[] _tags;
    private bool _bound;
    private OperatorCostModel? _costs;
    private RooflineModel? _roofline;
    private GemmPricer? _gemms;
    private KernelTables? _kernels;
    private bool _cudaGraphs;
    private long _hits;
    private long _misses;

    /// <summary>
    /// A memo of <paramref name="decodeSlots"/> entries for decode-only ranks and <paramref name="prefillSlots"/> for
    /// ranks that prefill (each a power of two, at least 2).
    /// </summary>
    public AttentionPhaseMemo(int decodeSlots = DefaultDecodeSlots, int prefillSlots = DefaultPrefillSlots)
    {
        foreach (var size in (ReadOnlySpan<int>)[decodeSlots, prefillSlots])
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(size, 2);
            if ((size & (size - 1)) != 0)
            {
                throw new ArgumentException($"the memo's slots must be a power of two, not {size}");
            }
        }

        _decodeSlots = decodeSlots;
        _prefillSlots = prefillSlots;
        var slots = decodeSlots + prefillSlots;
        Slots = slots;
        _tokens = new long[slots];
        _entries = new int[slots];
        Array.Fill(_entries, -1);
        _values = new double[slots * MaxOperators];
        _tags = new byte[slots * MaxOperators];
    }

    /// <summary>Entries in both tables.</summary>
    public int Slots { get; }

    /// <summary>Ranks answered from an entry (hits) and ranks priced in full (misses) so far.</summary>
    public (long Hits, long Misses) Counts => (_hits, _misses);

    /// <summary>
    /// Ties the memo to the pricing its entries hold (the operators' costs, the roofline, the GEMM pricer, the kernel
    /// tables of the attention pricer, launches per kernel or per graph): the first call binds it, a later one with
    /// anything else throws.
    /// </summary>
    internal void Bind(OperatorCostModel costs, RooflineModel roofline, GemmPricer gemms, KernelTables? kernels, bool cudaGraphs)
    {
        if (!_bound)
        {
            (_bound, _costs, _roofline, _gemms, _kernels, _cudaGraphs) = (true, costs, roofline, gemms, kernels, cudaGraphs);
            return;
        }

        if (!ReferenceEquals(costs, _costs) || !ReferenceEquals(roofline, _roofline) || !ReferenceEquals(gemms, _gemms)
            || !ReferenceEquals(kernels, _kernels) || cudaGraphs != _cudaGraphs)
        {
            throw new ArgumentException("the shared attention memo was built for another cost model, roofline, GEMM pricer, kernel tables or CUDA-graph choice");
        }
    }

    /// <summary>
    /// Adds one rank's attention-side operators of a <paramref name="kind"/> layer for <paramref name="shape"/> to the
    /// totals, as <see cref="RankPhases.Attention"/> prices them without the memo. <paramref name="ops"/> is scratch.
    /// </summary>
    internal void AddRank(
        OperatorCostModel costs, LayerKind kind, in BatchShape shape, OperatorCost[] ops, in OperatorTimer timer, CommunicationCosts communication, ref double compute, ref double memory, ref double comm)
    {
        var tokens = shape.Tokens;
        var phases = shape.Prefill.IsEmpty ? DecodeOnly : shape.Decode.IsEmpty ? PrefillOnly : Mixed;
        var key = (phases << 2) | (int)kind;
        // Models have one or two layer kinds: one bit of the index tells them apart (a third shares it; keys still differ).
        var ordinal = _kindOrdinals[(int)kind];
        if (ordinal == NoOrdinal)
        {
            ordinal = _kindOrdinals[(int)kind] = _kindsSeen++;
        }

        var slot = phases == DecodeOnly
            ? (int)(((tokens << 1) | (ordinal & 1u)) & (uint)(_decodeSlots - 1))
            : _decodeSlots + (int)(((tokens << 2) | ((uint)(phases - 1) << 1) | (ordinal & 1u)) & (uint)(_prefillSlots - 1));
        var entry = _entries[slot];
        if (entry >= 0 && (entry & 0xFF) == key && _tokens[slot] == tokens)
        {
            _hits++;
            Replay(costs, kind, shape, phases == Mixed, ops, timer, communication, slot, entry >> 8, ref compute, ref memory, ref comm);
            return;
        }

        _misses++;
        Record(costs, kind, shape, phases == Mixed, ops, timer, communication, slot, key, ref compute, ref memory, ref comm);
    }

    private void Replay(
        OperatorCostModel costs, LayerKind kind, in BatchShape shape, bool mixed, OperatorCost[] ops, in OperatorTimer timer, CommunicationCosts communication, int slot, int count, ref double compute, ref double memory, ref double comm)
    {
        var fresh = costs.WriteContextOperators(kind, shape, mixed, ops);
        var next = 0;
        var start = slot * MaxOperators;
        for (var i = 0; i < count; i++)
        {
            var tag = _tags[start + i];
            var value = _values[start + i];
            if (tag == Fresh)
            {
                timer.Add(ops[next++], communication, ref compute, ref memory, ref comm);
            }
            else if (tag == AllReduce)
            {
                timer.AddAllReduce(value, communication, ref comm);
            }
            else
            {
                timer.Book(new PricedOperator(value, (tag & ComputeBit) != 0, (PricingSource)(tag & 3)), ref compute, ref memory);
            }
        }

        if (next != fresh)
        {
            throw new InvalidOperationException($"the attention memo's entry for {kind} with {shape.Prefill.Tokens} prefill and {shape.Decode.Tokens} decode tokens expected {next} operators priced afresh, the cost model wrote {fresh}");
        }
    }

    private void Record(
        OperatorCostModel costs, LayerKind kind, in BatchShape shape, bool mixed, OperatorCost[] ops, in OperatorTimer timer, CommunicationCosts communication, int slot, int key, ref double compute, ref double memory, ref double comm)
    {
        _entries[slot] = -1;
        var n = costs.WriteLayer(kind, shape, ReadOnlySpan<int>.Empty, ops);
        var start = slot * MaxOperators;
        var count = 0;
        for (var i = 0; i < n; i++)
        {
            ref readonly var op = ref ops[i];
            if (RankPhases.IsExpertSide(op.Kind))
            {
                continue;
            }

            byte tag;
            double value;
            if (op.Class == OpClass.Communication)
            {
                value = timer.AllReducePayload(op);
                timer.AddAllReduce(value, communication, ref comm);
                tag = AllReduce;
            }
            else if (OperatorCostModel.ReadsContext(op.Kind) || (mixed && OperatorCostModel.ReadsPhaseTokens(op.Kind)))
            {
                timer.Add(op, communication, ref compute, ref memory, ref comm);
                value = 0;
                tag = Fresh;
            }
            else
            {
                var priced = timer.Price(op);
                timer.Book(priced, ref compute, ref memory);
                value = priced.Ns;
                tag = (byte)((int)priced.Source | (priced.ComputeBound ? ComputeBit : 0));
            }

            if (count < MaxOperators)
            {
                _values[start + count] = value;
                _tags[start + count] = tag;
            }

            count++;
        }

        if (count <= MaxOperators)
        {
            _tokens[slot] = shape.Tokens;
            _entries[slot] = (count << 8) | key;
        }
    }
}
