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
    private readonly int[] _binSlots;
    private readonly int[] _overlap;
    private readonly int[] _rankOfBin;
    private readonly bool[] _rankTaken;
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
        _binSlots = new int[total];
        _overlap = new int[ranks * ranks];
        _rankOfBin = new int[ranks];
        _rankTaken = new bool[ranks];
        _heldStart = new int[experts + 1];
        _heldRanks = new int[total];
    }

    /// <summary>
    /// Plans <paramref name="target"/> from per-expert <paramref name="load"/> (tokens observed, or popularity). With
    /// <paramref name="previous"/>, the packed bins are handed to ranks so that each keeps as many of the experts it
    /// already holds as it can (greedy matching, heaviest bin first): the balance is the same, fewer weights move.
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

            _slots[(rank * _slotsPerRank) + _rankFilled[rank]++] = _replicaExpert[i];
            _rankLoad[rank] -= _replicaLoad[i];
        }

        if (previous is not null)
        {
            MatchBinsToRanks(previous);
        }

        target.SetSlots(_slots);
    }

    private void MatchBinsToRanks(ExpertPlacement previous)
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
        Array.Clear(_overlap);
        for (var slot = 0; slot < _slots.Length; slot++)
        {
            var e = _slots[slot];
            var bin = slot / _slotsPerRank;
            for (var i = _heldStart[e]; i < _heldStart[e + 1]; i++)
            {
                _overlap[(bin * _ranks) + _heldRanks[i]]++;
            }
        }

        Array.Clear(_rankTaken);
        for (var bin = 0; bin < _ranks; bin++)
        {
            var best = -1;
            for (var r = 0; r < _ranks; r++)
            {
                if (!_rankTaken[r] && (best < 0 || _overlap[(bin * _ranks) + r] > _overlap[(bin * _ranks) + best]))
                {
                    best = r;
                }
            }

            _rankTaken[best] = true;
            _rankOfBin[bin] = best;
        }

        Array.Copy(_slots, _binSlots, _slots.Length);
        for (var bin = 0; bin < _ranks; bin++)
        {
            Array.Copy(_binSlots, bin * _slotsPerRank, _slots, _rankOfBin[bin] * _slotsPerRank, _slotsPerRank);
        }
    }
}
