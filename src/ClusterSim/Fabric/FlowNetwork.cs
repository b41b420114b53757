using ClusterSim.Engine;

namespace ClusterSim.Fabric;

/// <summary>
/// Flow-level model of a set of directional links driven by the caller's clock: flows start, wait out their path
/// latency (alpha), then send their bytes at rates set by the <see cref="LinkModel"/> until done.
/// </summary>
/// <remarks>
/// Usage: <c>Start</c> flows at the current instant, ask <see cref="NextEventTime"/>, and call
/// <c>AdvanceTo</c> with that instant (or any earlier one) to receive completed flows. Rates are max-min fair
/// (progressive filling) and recomputed lazily: changes made at one instant are solved together on the next read,
/// and only for the flows the change can move (see the solver's remarks): flows slower than the changed levels
/// keep their rates, and links with spare capacity are checked rather than explored.
/// Implementation note: flows live in slot arrays reused after completion, each flow's remaining bytes are updated
/// only when its rate changes, and each link keeps an aggregate rate, so an event costs the size of its component,
/// not of the network, and allocates nothing once the arrays have grown.
/// </remarks>
public sealed partial class FlowNetwork
{
    private const double NsPerSecond = 1e9;

    private readonly LinkTable _links;
    private readonly double[] _capacity;
    private readonly int _maxPathLength;
    private readonly int _stride;
    private readonly int _strideShift;
    private readonly IndexedMinHeap<long> _events = new();
    private long _nowNs;

    /// <summary>Creates an empty network over the given links, pricing flows with <paramref name="model"/>.</summary>
    /// <param name="links">The links flows travel over.</param>
    /// <param name="model">Fair sharing or contention-free alpha-beta.</param>
    /// <param name="maxPathLength">The longest path any flow will use (FabricTopology.MaxPathLength).</param>
    public FlowNetwork(LinkTable links, LinkModel model, int maxPathLength)
    {
        ArgumentNullException.ThrowIfNull(links);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPathLength, 1);
        _links = links;
        Model = model;
        _maxPathLength = maxPathLength;

        // A power-of-two stride turns the slot lookup from a path entry into a shift on the solver's inner loops.
        _strideShift = 0;
        while ((1 << _strideShift) < maxPathLength)
        {
            _strideShift++;
        }

        _stride = 1 << _strideShift;
        _capacity = (double[])links.BandwidthArray.Clone();
        InitialiseLinks(links.Count);
        GrowSlots(64);
    }

    /// <summary>Creates an empty network over a topology's links.</summary>
    public FlowNetwork(FabricTopology topology, LinkModel model)
        : this((topology ?? throw new ArgumentNullException(nameof(topology))).Links, model, Math.Max(1, topology.MaxPathLength))
    {
    }

    /// <summary>The pricing model.</summary>
    public LinkModel Model { get; }

    /// <summary>The links of this network.</summary>
    public LinkTable Links => _links;

    /// <summary>The network's current instant (the latest Start, AdvanceTo or bandwidth change).</summary>
    public SimTime Now => new(_nowNs);

    /// <summary>Flows sending data now.</summary>
    public int ActiveFlowCount { get; private set; }

    /// <summary>Flows still inside their path latency.</summary>
    public int PendingFlowCount { get; private set; }

    /// <summary>The earliest instant at which a flow completes or a pending flow starts sending; MaxValue when idle.</summary>
    public SimTime NextEventTime
    {
        get
        {
            Flush();
            return _events.Count == 0 ? SimTime.MaxValue : new SimTime(_events.MinKey);
        }
    }

    /// <summary>Starts a flow of <paramref name="bytes"/> over <paramref name="path"/> at <paramref name="now"/>.</summary>
    /// <remarks>
    /// <paramref name="now"/> may not precede <see cref="Now"/> nor pass <see cref="NextEventTime"/> (advance first).
    /// An empty path (source equals destination) or zero bytes completes after the path latency without using links.
    /// </remarks>
    public FlowId Start(SimTime now, ReadOnlySpan<int> path, double bytes, long tag)
    {
        MoveClockTo(now);
        if (!(bytes >= 0) || !double.IsFinite(bytes))
        {
            throw new ArgumentOutOfRangeException(nameof(bytes), bytes, "a flow carries a finite, non-negative number of bytes");
        }

        if (path.Length > _maxPathLength)
        {
            throw new ArgumentException($"path of {path.Length} links exceeds the network's maximum of {_maxPathLength}", nameof(path));
        }

        var slot = AllocateSlot();
        var baseIndex = slot << _strideShift;
        long alphaNs = 0;
        for (var h = 0; h < path.Length; h++)
        {
            var link = path[h];
            if ((uint)link >= (uint)_capacity.Length)
            {
                _freeSlots[_freeCount++] = slot;
                throw new ArgumentOutOfRangeException(nameof(path), link, $"link ids are in [0, {_capacity.Length})");
            }

            _path[baseIndex + h] = link;
            alphaNs += _links.LatencyArray[link];
        }

        _hops[slot] = path.Length;
        _bytes[slot] = bytes;
        _remaining[slot] = bytes;
        _rate[slot] = 0;
        _startNs[slot] = _nowNs;
        _lastNs[slot] = _nowNs;
        _tag[slot] = tag;
        if (alphaNs == 0 && path.Length > 0 && bytes > 0)
        {
            Activate(slot);
        }
        else
        {
            _state[slot] = FlowState.Pending;
            PendingFlowCount++;
            _events.Set(slot, checked(_nowNs + alphaNs));
        }

        return new FlowId(slot, _generation[slot]);
    }

    /// <summary>Processes every event up to and including <paramref name="now"/>, reporting completed flows to <paramref name="sink"/>.</summary>
    /// <remarks>The sink may start new flows at the instant it is told about (for example the next phase of a collective).</remarks>
    public void AdvanceTo<TSink>(SimTime now, TSink sink)
        where TSink : IFlowCompletionSink
    {
        if (now.Nanoseconds < _nowNs)
        {
            throw new InvalidOperationException($"time goes backwards: {now} is before the network's {Now}");
        }

        while (true)
        {
            Flush();
            if (_events.Count == 0 || _events.MinKey > now.Nanoseconds)
            {
                break;
            }

            var t = _events.MinKey;
            _nowNs = Math.Max(_nowNs, t);
            while (_events.Count > 0 && _events.MinKey <= t)
            {
                var slot = _events.Pop();
                if (_state[slot] == FlowState.Pending)
                {
                    PendingFlowCount--;
                    if (!Activate(slot))
                    {
                        Complete(slot, sink);
                    }
                }
                else
                {
                    Complete(slot, sink);
                }
            }

            // Events at the target instant are done. Their rate changes wait for the next read, so the flows the
            // caller starts in reply at this instant (the next phase, a replacement) are solved in the same pass.
            // No event can be missed: every key left is later than t, and a re-solve sets none earlier than t + 1 ns.
            if (t == now.Nanoseconds)
            {
                break;
            }
        }

        _nowNs = now.Nanoseconds;
    }

    /// <summary>Processes events up to <paramref name="now"/>, appending completed flows to <paramref name="completed"/>.</summary>
    public void AdvanceTo(SimTime now, CompletedFlowList completed) => AdvanceTo<CompletedFlowList>(now, completed);

    /// <summary>The flow's current rate in bytes per second; 0 while it waits out its latency or after it completed.</summary>
    public double Rate(FlowId flow)
    {
        if (!IsLive(flow))
        {
            return 0;
        }

        Flush();
        return _state[flow.Slot] == FlowState.Active ? _rate[flow.Slot] : 0;
    }

    /// <summary>True while the flow has not completed.</summary>
    public bool IsLive(FlowId flow) =>
        (uint)flow.Slot < (uint)_state.Length && _generation[flow.Slot] == flow.Generation && _state[flow.Slot] != FlowState.Free;

    /// <summary>Changes a link's bandwidth from <paramref name="now"/> on (a degraded or repaired link).</summary>
    /// <remarks>Fair sharing re-rates the flows on it; alpha-beta applies the new figure to flows that start sending later.</remarks>
    public void SetLinkBandwidth(SimTime now, int link, double bytesPerSecond)
    {
        if (!(bytesPerSecond > 0) || !double.IsFinite(bytesPerSecond))
        {
            throw new ArgumentOutOfRangeException(nameof(bytesPerSecond), bytesPerSecond, "a link's bandwidth must be positive and finite");
        }

        MoveClockTo(now);
        _capacity[link] = bytesPerSecond;
        if (Model == LinkModel.FairShare)
        {
            LowerThreshold(0);
            MarkDirty(link);
        }
    }

    /// <summary>The link's bandwidth now (its spec unless changed with <see cref="SetLinkBandwidth"/>).</summary>
    public double LinkBytesPerSecond(int link) => _capacity[link];

    /// <summary>Cumulative bytes and busy time of a link up to <see cref="Now"/>.</summary>
    public LinkCounters Counters(int link)
    {
        Flush();
        var dt = _nowNs - _linkLastNs[link];
        var bytes = _linkBytes[link] + (_linkRate[link] * dt / NsPerSecond);
        var busy = _linkBusyNs[link] + (_linkCount[link] > 0 ? dt : 0);
        return new LinkCounters(Now, bytes, new SimDuration(busy), _linkCount[link], _linkRate[link]);
    }

    /// <summary>Drops every flow and counter and returns the clock to zero; arrays are kept for reuse.</summary>
    public void Reset()
    {
        for (var slot = 0; slot < _slotHighWater; slot++)
        {
            if (_state[slot] != FlowState.Free)
            {
                _state[slot] = FlowState.Free;
                _generation[slot]++;
            }
        }

        _freeCount = 0;
        for (var slot = _slotHighWater - 1; slot >= 0; slot--)
        {
            _freeSlots[_freeCount++] = slot;
        }

        _events.Clear();
        Array.Copy(_links.BandwidthArray, _capacity, _capacity.Length);
        Array.Clear(_linkCount);
        Array.Clear(_linkRate);
        Array.Clear(_linkLastNs);
        Array.Clear(_linkBytes);
        Array.Clear(_linkBusyNs);
        for (var i = 0; i < _dirtyCount; i++)
        {
            _isDirty[_dirty[i]] = false;
        }

        _dirtyCount = 0;
        _threshold = double.PositiveInfinity;
        ActiveFlowCount = 0;
        PendingFlowCount = 0;
        _nowNs = 0;
    }

    private void MoveClockTo(SimTime now)
    {
        if (now.Nanoseconds < _nowNs)
        {
            throw new InvalidOperationException($"time goes backwards: {now} is before the network's {Now}");
        }

        if (now.Nanoseconds > _nowNs)
        {
            if (now > NextEventTime)
            {
                throw new InvalidOperationException($"events are pending before {now}; call AdvanceTo first");
            }

            _nowNs = now.Nanoseconds;
        }
    }
}
