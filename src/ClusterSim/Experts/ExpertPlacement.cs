namespace ClusterSim.Experts;

/// <summary>
/// Where one MoE layer's experts live: every EP rank has the same number of expert slots, each slot empty or holding
/// a replica of one expert. A replicated expert's tokens are split evenly among its copies.
/// </summary>
/// <remarks>Implementation note: replicas are kept as a compressed list per expert so routing a layer is O(slots).</remarks>
public sealed class ExpertPlacement
{
    private readonly int[] _slotExpert;
    private readonly int[] _replicas;
    private readonly int[] _expertSlotStart;
    private readonly int[] _expertSlots;
    private readonly int[] _slotRank;

    // The slot of each expert with exactly one replica (most of them), −1 for a replicated expert: routing a layer reads
    // one array per expert instead of the replica count, the list start and the list.
    private readonly int[] _soleSlot;

    /// <summary>An empty placement of <paramref name="experts"/> experts over <paramref name="ranks"/> ranks of <paramref name="slotsPerRank"/> slots.</summary>
    public ExpertPlacement(int experts, int ranks, int slotsPerRank)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(experts, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(ranks, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(slotsPerRank, 1);
        if ((long)ranks * slotsPerRank < experts)
        {
            throw new ArgumentException($"{ranks} ranks × {slotsPerRank} slots cannot hold {experts} experts");
        }

        Experts = experts;
        Ranks = ranks;
        SlotsPerRank = slotsPerRank;
        _slotExpert = new int[ranks * slotsPerRank];
        _replicas = new int[experts];
        _expertSlotStart = new int[experts + 1];
        _soleSlot = new int[experts];
        _expertSlots = new int[ranks * slotsPerRank];
        _slotRank = new int[ranks * slotsPerRank];
        for (var slot = 0; slot < _slotRank.Length; slot++)
        {
            _slotRank[slot] = slot / slotsPerRank;
        }
    }

    /// <summary>Routed experts.</summary>
    public int Experts { get; }

    /// <summary>EP ranks.</summary>
    public int Ranks { get; }

    /// <summary>Expert slots per rank.</summary>
    public int SlotsPerRank { get; }

    /// <summary>The expert held by each slot (rank·slotsPerRank + local index), −1 when empty.</summary>
    public ReadOnlySpan<int> SlotExperts => _slotExpert;

    /// <summary>Copies of <paramref name="expert"/> in the layer.</summary>
    public int ReplicasOf(int expert) => _replicas[expert];

    /// <summary>A contiguous placement: rank r holds experts [⌈r·E/EP⌉, ⌈(r+1)·E/EP⌉); redundant slots stay empty.</summary>
    public static ExpertPlacement Contiguous(int experts, int ranks, int slotsPerRank)
    {
        var placement = new ExpertPlacement(experts, ranks, slotsPerRank);
        placement.SetContiguous();
        return placement;
    }

    /// <summary>Resets to contiguous placement.</summary>
    public void SetContiguous()
    {
        Array.Fill(_slotExpert, -1);
        for (var e = 0; e < Experts; e++)
        {
            var rank = (int)((long)e * Ranks / Experts);
            var first = (int)((((long)rank * Experts) + Ranks - 1) / Ranks);
            _slotExpert[(rank * SlotsPerRank) + (e - first)] = e;
        }

        Rebuild();
    }

    /// <summary>Sets every slot; each expert must appear at least once.</summary>
    public void SetSlots(ReadOnlySpan<int> slotExperts)
    {
        if (slotExperts.Length != _slotExpert.Length)
        {
            throw new ArgumentException($"{slotExperts.Length} slots given; the placement has {_slotExpert.Length}", nameof(slotExperts));
        }

        slotExperts.CopyTo(_slotExpert);
        Rebuild();
    }

    /// <summary>Copies another placement of the same shape.</summary>
    public void CopyFrom(ExpertPlacement other)
    {
        ArgumentNullException.ThrowIfNull(other);
        SetSlots(other._slotExpert);
    }

    /// <summary>
    /// Routes a layer's per-expert <paramref name="counts"/> onto the slots: each expert's tokens split evenly over its
    /// replicas (the remainder one token each to the first copies). Writes per-slot counts and per-rank token loads.
    /// </summary>
    public void Distribute(ReadOnlySpan<long> counts, Span<long> rankLoads, Span<int> slotCounts)
    {
        rankLoads[..Ranks].Clear();
        slotCounts[.._slotExpert.Length].Clear();
        var soleSlot = _soleSlot;
        var slotRank = _slotRank;
        counts = counts[..soleSlot.Length];
        for (var e = 0; e < counts.Length; e++)
        {
            var c = counts[e];
            var only = soleSlot[e];
            if (only >= 0)
            {
                // Most experts have one replica: no 64-bit division (tens of cycles each, 256 per routed layer).
                slotCounts[only] = checked((int)c);
                rankLoads[slotRank[only]] += c;
                continue;
            }

            var start = _expertSlotStart[e];
            var replicas = _replicas[e];
            var share = c / replicas;
            var remainder = c % replicas;
            for (var i = 0; i < replicas; i++)
            {
                var slot = _expertSlots[start + i];
                var tokens = share + (i < remainder ? 1 : 0);
                slotCounts[slot] = checked((int)tokens);
                rankLoads[slotRank[slot]] += tokens;
            }
        }
    }

    /// <summary>Max/mean of the per-rank loads expected from per-expert <paramref name="load"/> (replicas split evenly).</summary>
    public double ExpectedRankImbalance(ReadOnlySpan<double> load, Span<double> rankScratch)
    {
        rankScratch[..Ranks].Clear();
        double total = 0;
        for (var slot = 0; slot < _slotExpert.Length; slot++)
        {
            var e = _slotExpert[slot];
            if (e >= 0)
            {
                rankScratch[slot / SlotsPerRank] += load[e] / _replicas[e];
                total += load[e] / _replicas[e];
            }
        }

        double max = 0;
        foreach (var r in rankScratch[..Ranks])
        {
            max = Math.Max(max, r);
        }

        return total > 0 ? max / (total / Ranks) : 1;
    }

    private void Rebuild()
    {
        Array.Clear(_replicas);
        foreach (var e in _slotExpert)
        {
            if (e >= Experts)
            {
                throw new ArgumentException($"slot holds expert {e}; the layer has {Experts}");
            }

            if (e >= 0)
            {
                _replicas[e]++;
            }
        }

        _expertSlotStart[0] = 0;
        for (var e = 0; e < Experts; e++)
        {
            if (_replicas[e] == 0)
            {
                throw new ArgumentException($"expert {e} has no slot");
            }

            _expertSlotStart[e + 1] = _expertSlotStart[e] + _replicas[e];
        }

        // Second pass fills each expert's list in slot order, using the start array as a cursor and then restoring it.
        for (var slot = 0; slot < _slotExpert.Length; slot++)
        {
            var e = _slotExpert[slot];
            if (e >= 0)
            {
                _expertSlots[_expertSlotStart[e]++] = slot;
            }
        }

        for (var e = Experts; e > 0; e--)
        {
            _expertSlotStart[e] = _expertSlotStart[e - 1];
        }

        _expertSlotStart[0] = 0;
        for (var e = 0; e < Experts; e++)
        {
            _soleSlot[e] = _replicas[e] == 1 ? _expertSlots[_expertSlotStart[e]] : -1;
        }
    }
}
