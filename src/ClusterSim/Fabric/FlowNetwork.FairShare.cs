namespace ClusterSim.Fabric;

/// <summary>The max-min fair solver: progressive filling over the part of the component a change can reach.</summary>
/// <remarks>
/// Why flows below a threshold keep their rates: progressive filling freezes flows in order of rising level. A
/// flow of rate r that leaves only took capacity from links that saturate at r or above, so every freeze below r
/// happens as before; a flow that joins saturates its first link at some level r' (bounded below from the rates
/// already on its links, see JoiningFlowFloor), and below r' it only takes capacity from links that do not
/// saturate there. So after a batch of changes,
/// every flow whose rate is below the smallest of those levels (T) keeps it exactly; the solver fixes them, takes
/// their rates out of their links' capacity, and refills only the flows at T or above that a changed link reaches
/// through other such flows. A bandwidth change sets T to 0 (a full refill of the component).
/// </remarks>
public sealed partial class FlowNetwork
{
    // Rates within this relative margin below T are refilled too, so rounding never fixes a flow that may move.
    private const double ThresholdMargin = 1e-9;

    private double _threshold = double.PositiveInfinity;
    private int[] _dirty = [];
    private bool[] _isDirty = [];
    private int _dirtyCount;
    private int _epoch;
    private int[] _linkMark = [];
    private int[] _componentLinks = [];
    private int[] _passiveMark = [];
    private double[] _passiveDelta = [];
    private int[] _passiveLinks = [];
    private int _passiveCount;
    private bool[] _forcedActive = [];
    private int[] _forced = [];
    private int _forcedCount;
    private double[] _capacityLeft = [];
    private int[] _unfrozen = [];
    private int[] _flowMark = [];
    private int[] _frozenMark = [];
    private double[] _newRate = [];
    private int[] _componentFlows = [];
    private readonly IndexedMinHeap<double> _shares = new();

    private void InitialiseSolver(int linkCount)
    {
        _dirty = new int[linkCount];
        _isDirty = new bool[linkCount];
        _linkMark = new int[linkCount];
        _componentLinks = new int[linkCount];
        _passiveMark = new int[linkCount];
        _passiveDelta = new double[linkCount];
        _passiveLinks = new int[linkCount];
        _forcedActive = new bool[linkCount];
        _forced = new int[linkCount];
        _capacityLeft = new double[linkCount];
        _unfrozen = new int[linkCount];
    }

    private void GrowSolverSlots(int capacity)
    {
        Array.Resize(ref _flowMark, capacity);
        Array.Resize(ref _frozenMark, capacity);
        Array.Resize(ref _newRate, capacity);
        Array.Resize(ref _componentFlows, capacity);
    }

    /// <summary>False re-solves the whole touched component on every change (the solver before rate thresholds), for comparison.</summary>
    internal bool PruneBelowChangedRates { get; set; } = true;

    /// <summary>Flows whose rates the solver has refilled since creation: the solver's work, for benchmarks.</summary>
    internal long RefilledFlows { get; private set; }

    // Lowers T (see the type's remarks) to the level below which a change cannot move any rate.
    private void LowerThreshold(double level) => _threshold = Math.Min(_threshold, level);

    private void MarkDirty(int link)
    {
        if (!_isDirty[link])
        {
            _isDirty[link] = true;
            _dirty[_dirtyCount++] = link;
        }
    }

    // Solves the rates of the flows a change since the last flush can move: those at or above T connected to a
    // changed link through links that bind. A link that had slack before (and did not change) is left out of the
    // fill as "passive" and its flows are not followed: a link that does not bind constrains nothing, so the
    // flows beyond it keep their rates. If the new rates overfill a passive link, that link joins the fill and the
    // solve is repeated (nothing is applied until every passive link holds).
    private void Flush()
    {
        if (_dirtyCount == 0)
        {
            return;
        }

        var fixedBelow = PruneBelowChangedRates ? _threshold * (1 - ThresholdMargin) : 0;
        _threshold = double.PositiveInfinity;
        int linkCount, flowCount;
        while (true)
        {
            _epoch++;
            var epoch = _epoch;
            (linkCount, flowCount) = CollectComponent(epoch, fixedBelow);
            FillProgressively(linkCount, epoch);
            if (PassiveLinksHold(flowCount, epoch))
            {
                break;
            }
        }

        for (var i = 0; i < _dirtyCount; i++)
        {
            _isDirty[_dirty[i]] = false;
        }

        _dirtyCount = 0;
        for (var i = 0; i < _forcedCount; i++)
        {
            _forcedActive[_forced[i]] = false;
        }

        _forcedCount = 0;
        for (var i = 0; i < _passiveCount; i++)
        {
            // Passive links carry re-rated flows too: bring their counters up to now before their rate moves.
            TouchLink(_passiveLinks[i]);
        }

        RefilledFlows += flowCount;
        ApplyRates(linkCount, flowCount);
    }

    // Raises every unfrozen flow's rate together; the link whose fair share (capacity left / unfrozen flows)
    // is smallest saturates first and freezes its flows at that share. Freezing a flow at share s on a link
    // whose share is at least s never lowers another link's share, so heap keys are lower bounds: a popped
    // link whose share has grown since is pushed back with its current share instead of being updated
    // every time one of its flows freezes elsewhere.
    private void FillProgressively(int linkCount, int epoch)
    {
        _shares.Clear();
        for (var q = 0; q < linkCount; q++)
        {
            var link = _componentLinks[q];
            TouchLink(link);

            // The fixed flows' rates are the link's aggregate less the refilled flows' old rates.
            var fixedRate = Math.Max(0, _linkRate[link] - _capacityLeft[link]);
            _capacityLeft[link] = _capacity[link] - fixedRate;
            var unfrozen = _unfrozen[link];
            if (unfrozen > 0)
            {
                _shares.Set(link, _capacityLeft[link] / _unfrozen[link]);
            }
        }

        while (_shares.Count > 0)
        {
            var key = _shares.MinKey;
            var link = _shares.Pop();
            if (_unfrozen[link] == 0)
            {
                continue;
            }

            var share = Math.Max(0, _capacityLeft[link]) / _unfrozen[link];
            if (share > key * (1 + 1e-12))
            {
                _shares.Set(link, share);
                continue;
            }

            var list = _linkFlows[link];
            for (var k = 0; k < _linkCount[link]; k++)
            {
                var slot = list[k] >> _strideShift;
                if (_frozenMark[slot] == epoch || _flowMark[slot] != epoch)
                {
                    continue;
                }

                _frozenMark[slot] = epoch;
                _newRate[slot] = share;
                var baseIndex = slot << _strideShift;
                for (var h = 0; h < _hops[slot]; h++)
                {
                    var other = _path[baseIndex + h];
                    _capacityLeft[other] -= share;
                    _unfrozen[other]--;
                }
            }
        }
    }

    private void ApplyRates(int linkCount, int flowCount)
    {
        for (var i = 0; i < flowCount; i++)
        {
            var slot = _componentFlows[i];
            var rate = _newRate[slot];
            var old = _rate[slot];

            // A change below one part in 1e12 is rounding noise; keeping the old rate keeps its event in place.
            if (Math.Abs(rate - old) <= 1e-12 * old)
            {
                continue;
            }

            if (old > 0)
            {
                _remaining[slot] -= old * (_nowNs - _lastNs[slot]) / NsPerSecond;
            }

            var baseIndex = slot << _strideShift;
            for (var h = 0; h < _hops[slot]; h++)
            {
                _linkRate[_path[baseIndex + h]] += rate - old;
            }

            _lastNs[slot] = _nowNs;
            _rate[slot] = rate;

            // Every event at the current instant has been handled before a flush, so a re-rated flow completes
            // no earlier than the next nanosecond (at most one nanosecond's bytes late, inside Complete's margin);
            // that lets AdvanceTo leave the changes of its last instant to the caller's next read (see there).
            _events.Set(slot, Math.Max(CompletionNs(slot), _nowNs + 1));
        }

        for (var q = 0; q < linkCount; q++)
        {
            var link = _componentLinks[q];
            if (_linkCount[link] == 0)
            {
                _linkRate[link] = 0;
            }
        }
    }
}
