namespace ClusterSim.Fabric;

/// <summary>The max-min fair solver: progressive filling over the component touched by a change.</summary>
public sealed partial class FlowNetwork
{
    private int[] _dirty = [];
    private bool[] _isDirty = [];
    private int _dirtyCount;
    private int _epoch;
    private int[] _linkMark = [];
    private int[] _componentLinks = [];
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

    private void MarkDirty(int link)
    {
        if (!_isDirty[link])
        {
            _isDirty[link] = true;
            _dirty[_dirtyCount++] = link;
        }
    }

    // Solves the rates of every flow connected (through shared links) to a link changed since the last flush.
    // Flows outside that component cannot change rate: max-min shares depend only on the links a flow
    // shares, transitively, with other flows.
    private void Flush()
    {
        if (_dirtyCount == 0)
        {
            return;
        }

        _epoch++;
        var epoch = _epoch;
        var linkCount = 0;
        for (var i = 0; i < _dirtyCount; i++)
        {
            var link = _dirty[i];
            _isDirty[link] = false;
            if (_linkMark[link] != epoch)
            {
                _linkMark[link] = epoch;
                _componentLinks[linkCount++] = link;
            }
        }

        _dirtyCount = 0;
        var flowCount = 0;
        for (var q = 0; q < linkCount; q++)
        {
            var link = _componentLinks[q];
            var list = _linkFlows[link];
            for (var k = 0; k < _linkCount[link]; k++)
            {
                var slot = list[k] >> _strideShift;
                if (_flowMark[slot] == epoch)
                {
                    continue;
                }

                _flowMark[slot] = epoch;
                _componentFlows[flowCount++] = slot;
                var baseIndex = slot << _strideShift;
                for (var h = 0; h < _hops[slot]; h++)
                {
                    var other = _path[baseIndex + h];
                    if (_linkMark[other] != epoch)
                    {
                        _linkMark[other] = epoch;
                        _componentLinks[linkCount++] = other;
                    }
                }
            }
        }

        FillProgressively(linkCount, epoch);
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
            _capacityLeft[link] = _capacity[link];
            _unfrozen[link] = _linkCount[link];
            if (_unfrozen[link] > 0)
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
                if (_frozenMark[slot] == epoch)
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

            _lastNs[slot] = _nowNs;
            _rate[slot] = rate;
            _events.Set(slot, CompletionNs(slot));
        }

        for (var q = 0; q < linkCount; q++)
        {
            var link = _componentLinks[q];
            var list = _linkFlows[link];
            var sum = 0.0;
            for (var k = 0; k < _linkCount[link]; k++)
            {
                sum += _rate[list[k] >> _strideShift];
            }

            _linkRate[link] = sum;
        }
    }
}
