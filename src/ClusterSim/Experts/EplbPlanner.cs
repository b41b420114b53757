namespace ClusterSim.Experts;

/// <summary>
/// EPLB-style placement (DeepSeek's expert-parallel load balancer, global policy): fill every slot by giving the next
/// replica to the expert with the highest load per copy, then pack the replicas, heaviest first, each onto the
/// least-loaded rank that still has a free slot. A replica carries its expert's load divided by its copy count.
/// </summary>
/// <remarks>
/// The hierarchical policy (groups to nodes first) is not modelled. Buffers are sized once; planning a layer costs
/// O(slots·(experts + ranks)), run only at (re-)placement, never per step.
/// </remarks>
public sealed class EplbPlanner
{
    private readonly int _experts;
    private readonly int _ranks;
    private readonly int _slotsPerRank;
    private readonly int[] _replicas;
    private readonly double[] _replicaLoad;
    private readonly int[] _replicaExpert;
    private readonly double[] _rankLoad;
    private readonly int[] _rankFilled;
    private readonly int[] _slots;
    private readonly int[] _heldStart;
    private readonly int[] _heldRanks;

    /// <summary>A planner for layers of <paramref name="experts"/> experts on <paramref name="ranks"/> × <paramref name="slotsPerRank"/> slots.</summary>
    public EplbPlanner(int experts, int ranks, int slotsPerRank)
    {
        var total = ranks * slotsPerRank;
        if (total < experts)
        {
            throw new ArgumentException($"{ranks} ranks × {slotsPerRank} slots cannot hold {experts} experts");
        }

        _experts = experts;
        _ranks = ranks;
        _slotsPerRank = slotsPerRank;
        _replicas = new int[experts];
        _replicaLoad = new double[total];
        _replicaExpert = new int[total];
        _rankLoad = new double[ranks];
        _rankFilled = new int[ranks];
        _slots = new int[total];
        _heldStart = new int[experts + 1];
        _heldRanks = new int[total];
    }

    /// <summary>
    /// Plans <paramref name="target"/> from per-expert <paramref name="load"/> (tokens observed, or popularity). With
    /// <paramref name="previous"/>, packing is sticky: a replica goes back to a rank that already holds its expert
    /// when that rank is at most one mean replica load above the least-loaded rank with room, so the balance stays
    /// within one replica of plain greedy packing while far fewer weights move.
    /// </summary>
    public void Plan(ReadOnlySpan<double> load, ExpertPlacement target, ExpertPlacement? previous = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (load.Length != _experts || target.Experts != _experts || target.Ranks != _ranks || target.SlotsPerRank != _slotsPerRank)
        {
            throw new ArgumentException("load and placement must match the planner's shape");
        }

        var total = _ranks * _slotsPerRank;
        Array.Fill(_replicas, 1);
        for (var extra = _experts; extra < total; extra++)
        {
            var best = 0;
            var bestPerCopy = double.NegativeInfinity;
            for (var e = 0; e < _experts; e++)
            {
                var perCopy = load[e] / _replicas[e];
                if (perCopy > bestPerCopy)
                {
                    bestPerCopy = perCopy;
                    best = e;
                }
            }

            _replicas[best]++;
        }

        var n = 0;
        for (var e = 0; e < _experts; e++)
        {
            for (var c = 0; c < _replicas[e]; c++)
            {
                // Negated so the ascending sort puts the heaviest first (deterministic for equal input, though not stable).
                _replicaLoad[n] = -(load[e] / _replicas[e]);
                _replicaExpert[n] = e;
                n++;
            }
        }

        Array.Sort(_replicaLoad, _replicaExpert);
        Array.Clear(_rankLoad);
        Array.Clear(_rankFilled);
        double slack = 0;
        if (previous is not null)
        {
            BuildHeld(previous);
            foreach (var w in load)
            {
                slack += w;
            }

            slack /= total;
        }

        for (var i = 0; i < total; i++)
        {
            var rank = -1;
            for (var r = 0; r < _ranks; r++)
            {
                if (_rankFilled[r] < _slotsPerRank && (rank < 0 || _rankLoad[r] < _rankLoad[rank]))
                {
                    rank = r;
                }
            }

            if (previous is not null)
            {
                rank = StickyRank(_replicaExpert[i], rank, slack);
            }

            _slots[(rank * _slotsPerRank) + _rankFilled[rank]++] = _replicaExpert[i];
            _rankLoad[rank] -= _replicaLoad[i];
        }

        target.SetSlots(_slots);
    }

    /// <summary>A rank that held <paramref name="expert"/> before, has room and is within the slack; else <paramref name="least"/>.</summary>
    private int StickyRank(int expert, int least, double slack)
    {
        for (var i = _heldStart[expert]; i < _heldStart[expert + 1]; i++)
        {
            var r = _heldRanks[i];
            if (r >= 0 && _rankFilled[r] < _slotsPerRank && _rankLoad[r] <= _rankLoad[least] + slack)
            {
                // Each old copy is reused once, so two replicas never land on the same rank this way.
                _heldRanks[i] = -1;
                return r;
            }
        }

        return least;
    }

    private void BuildHeld(ExpertPlacement previous)
    {
        // Which old ranks hold each expert (compressed lists).
        var old = previous.SlotExperts;
        Array.Clear(_heldStart);
        foreach (var e in old)
        {
            if (e >= 0)
            {
                _heldStart[e + 1]++;
            }
        }

        for (var e = 0; e < _experts; e++)
        {
            _heldStart[e + 1] += _heldStart[e];
        }

        for (var slot = 0; slot < old.Length; slot++)
        {
            var e = old[slot];
            if (e >= 0)
            {
                _heldRanks[_heldStart[e]++] = slot / _slotsPerRank;
            }
        }

        for (var e = _experts; e > 0; e--)
        {
            _heldStart[e] = _heldStart[e - 1];
        }

        _heldStart[0] = 0;
    }
}
