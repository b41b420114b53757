namespace ClusterSim.Fabric;

/// <summary>Flow slots, link membership, activation and completion.</summary>
public sealed partial class FlowNetwork
{
    private enum FlowState : byte
    {
        Free,
        Pending,
        Active,
    }

    // Per flow slot. Path entries live at slot·stride + hop; _pathPos holds that entry's index in its link's list.
    private FlowState[] _state = [];
    private int[] _generation = [];
    private int[] _hops = [];
    private int[] _path = [];
    private int[] _pathPos = [];
    private double[] _bytes = [];
    private double[] _remaining = [];
    private double[] _rate = [];
    private long[] _lastNs = [];
    private long[] _startNs = [];
    private long[] _tag = [];
    private int[] _freeSlots = [];
    private int _freeCount;
    private int _slotHighWater;

    // Per link: the path entries (slot·stride + hop) of the flows sending over it, and its traffic counters.
    private int[][] _linkFlows = [];
    private int[] _linkCount = [];
    private double[] _linkRate = [];
    private long[] _linkLastNs = [];
    private double[] _linkBytes = [];
    private long[] _linkBusyNs = [];

    private void InitialiseLinks(int count)
    {
        _linkFlows = new int[count][];
        for (var i = 0; i < count; i++)
        {
            _linkFlows[i] = new int[4];
        }

        _linkCount = new int[count];
        _linkRate = new double[count];
        _linkLastNs = new long[count];
        _linkBytes = new double[count];
        _linkBusyNs = new long[count];
        InitialiseSolver(count);
    }

    private void GrowSlots(int capacity)
    {
        Array.Resize(ref _state, capacity);
        Array.Resize(ref _generation, capacity);
        Array.Resize(ref _hops, capacity);
        Array.Resize(ref _path, capacity * _stride);
        Array.Resize(ref _pathPos, capacity * _stride);
        Array.Resize(ref _bytes, capacity);
        Array.Resize(ref _remaining, capacity);
        Array.Resize(ref _rate, capacity);
        Array.Resize(ref _lastNs, capacity);
        Array.Resize(ref _startNs, capacity);
        Array.Resize(ref _tag, capacity);
        Array.Resize(ref _freeSlots, capacity);
        GrowSolverSlots(capacity);
    }

    private int AllocateSlot()
    {
        if (_freeCount > 0)
        {
            return _freeSlots[--_freeCount];
        }

        if (_slotHighWater == _state.Length)
        {
            GrowSlots(_state.Length * 2);
        }

        return _slotHighWater++;
    }

    private void FreeSlot(int slot)
    {
        _state[slot] = FlowState.Free;
        _generation[slot]++;
        _freeSlots[_freeCount++] = slot;
    }

    // Brings a link's byte and busy counters up to now with the aggregate rate it had since the last touch.
    private void TouchLink(int link)
    {
        var dt = _nowNs - _linkLastNs[link];
        if (dt > 0)
        {
            _linkBytes[link] += _linkRate[link] * dt / NsPerSecond;
            if (_linkCount[link] > 0)
            {
                _linkBusyNs[link] += dt;
            }
        }

        _linkLastNs[link] = _nowNs;
    }

    // Puts a flow on its links at now; false when it has nothing to send (it completes at once).
    private bool Activate(int slot)
    {
        _lastNs[slot] = _nowNs;
        _remaining[slot] = _bytes[slot];
        var hops = _hops[slot];
        if (hops == 0 || _bytes[slot] <= 0)
        {
            return false;
        }

        _state[slot] = FlowState.Active;
        ActiveFlowCount++;
        var baseIndex = slot << _strideShift;
        var rate = Model == LinkModel.AlphaBeta ? double.PositiveInfinity : 0;
        for (var h = 0; h < hops; h++)
        {
            var link = _path[baseIndex + h];
            TouchLink(link);
            var list = _linkFlows[link];
            var count = _linkCount[link];
            if (count == list.Length)
            {
                Array.Resize(ref _linkFlows[link], count * 2);
                list = _linkFlows[link];
            }

            list[count] = baseIndex + h;
            _pathPos[baseIndex + h] = count;
            _linkCount[link] = count + 1;
            if (Model == LinkModel.AlphaBeta)
            {
                rate = Math.Min(rate, _capacity[link]);
            }
            else
            {
                MarkDirty(link);
            }
        }

        if (Model == LinkModel.AlphaBeta)
        {
            _rate[slot] = rate;
            for (var h = 0; h < hops; h++)
            {
                _linkRate[_path[baseIndex + h]] += rate;
            }

            _events.Set(slot, CompletionNs(slot));
        }
        else
        {
            // The solver gives the rate and the completion time on the next flush.
            _rate[slot] = 0;
            _events.Remove(slot);
            for (var h = 0; h < hops && _threshold > 0; h++)
            {
                LowerThreshold(JoiningFlowFloor(_path[baseIndex + h]));
            }
        }

        return true;
    }

    private void Complete<TSink>(int slot, TSink sink)
        where TSink : IFlowCompletionSink
    {
        if (_state[slot] == FlowState.Active)
        {
            var rate = _rate[slot];
            LowerThreshold(rate);
            var residual = _remaining[slot] - (rate * (_nowNs - _lastNs[slot]) / NsPerSecond);
            if (Math.Abs(residual) > (1e-6 * _bytes[slot]) + (rate * 2 / NsPerSecond) + 1e-3)
            {
                throw new InvalidOperationException($"flow {slot} completed with {residual} bytes outstanding; the solver's completion time is wrong");
            }

            var baseIndex = slot << _strideShift;
            for (var h = 0; h < _hops[slot]; h++)
            {
                var entry = baseIndex + h;
                var link = _path[entry];
                TouchLink(link);
                var pos = _pathPos[entry];
                var last = --_linkCount[link];
                var moved = _linkFlows[link][last];
                _linkFlows[link][pos] = moved;
                _pathPos[moved] = pos;

                // The rounding of completion to whole nanoseconds leaves a residual; settle it so link bytes are exact.
                _linkBytes[link] += residual;
                _linkRate[link] = _linkCount[link] == 0 ? 0 : _linkRate[link] - rate;
                if (Model == LinkModel.FairShare)
                {
                    MarkDirty(link);
                }
            }

            ActiveFlowCount--;
        }

        var id = new FlowId(slot, _generation[slot]);
        var completed = new CompletedFlow(id, _tag[slot], _bytes[slot], new(_startNs[slot]), new(_nowNs));
        FreeSlot(slot);
        sink.OnFlowCompleted(completed);
    }

    // Whole nanoseconds until the remaining bytes are sent at the current rate, rounded up so the flow is done by then.
    private long CompletionNs(int slot)
    {
        var rate = _rate[slot];
        if (rate <= 0)
        {
            return long.MaxValue;
        }

        var remaining = _remaining[slot];
        if (remaining <= 0)
        {
            return _lastNs[slot];
        }

        var ns = Math.Ceiling((remaining / rate * NsPerSecond) - 1e-6);
        return _lastNs[slot] + (long)Math.Max(0, ns);
    }
}
