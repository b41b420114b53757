using ClusterSim.Engine;
using ClusterSim.Fabric;
using ClusterSim.Models;
using ClusterSim.Scheduling;

namespace ClusterSim.Serving;

/// <summary>Where a pool's attention ranks sit: rank r of instance i starts at accelerator first[i] + r × tp.</summary>
/// <param name="FirstAccelerators">First accelerator of each instance.</param>
/// <param name="AcceleratorsPerRank">Accelerators of one attention rank (its tensor-parallel degree).</param>
public sealed record KvEndpoints(IReadOnlyList<int> FirstAccelerators, int AcceleratorsPerRank)
{
    /// <summary>The first accelerator of <paramref name="rank"/> in <paramref name="instance"/>.</summary>
    public int Accelerator(int instance, int rank) => FirstAccelerators[instance] + (rank * AcceleratorsPerRank);
}

/// <summary>
/// KV transfers as flows on one live, cluster-wide <see cref="FlowNetwork"/>: each transfer is a flow from the prefill
/// rank's accelerator to the decode rank's, so transfers that share a NIC or a leaf uplink share its bandwidth (max-min
/// fair), or run alone at their path's bottleneck under <see cref="LinkModel.AlphaBeta"/>.
/// </summary>
/// <remarks>
/// One engine event is kept at the network's next event time. Starting a transfer changes rates, so that event is
/// cancelled and moved to the current instant, where the handler solves the rates once for every transfer started in
/// that instant and schedules itself at the new next event time. The handler advances the network to now, then hands
/// the finished transfers (flow tag = transfer slot) to the sink in completion order. Completions found while starting
/// a transfer are held back and delivered by that same-instant event, so the sink is never re-entered from inside a
/// prefill step.
/// </remarks>
public sealed class KvTransferFabric : IKvTransport, IEventHandler, IFlowCompletionSink
{
    private readonly Simulation _simulation;
    private readonly FabricTopology _topology;
    private readonly FlowNetwork _network;
    private readonly ModelMemory _memory;
    private readonly KvEndpoints _prefill;
    private readonly KvEndpoints _decode;
    private readonly int[] _path;
    private readonly bool[] _failedNics;
    private readonly List<int> _ready = [];
    private readonly KvTransferTimes _times = new();
    private SimTime[] _start = new SimTime[16];
    private double[] _bytes = new double[16];
    private bool[] _live = new bool[16];
    private EventHandle _event = EventHandle.None;
    private long _advancedNs = -1;
    private long _abandoned;

    /// <summary>A fabric of <paramref name="topology"/>'s links priced with <paramref name="model"/>, moving <paramref name="memory"/>'s KV bytes.</summary>
    public KvTransferFabric(Simulation simulation, FabricTopology topology, LinkModel model, ModelMemory memory, KvEndpoints prefill, KvEndpoints decode)
    {
        _simulation = simulation ?? throw new ArgumentNullException(nameof(simulation));
        _topology = topology ?? throw new ArgumentNullException(nameof(topology));
        _memory = memory ?? throw new ArgumentNullException(nameof(memory));
        _prefill = prefill ?? throw new ArgumentNullException(nameof(prefill));
        _decode = decode ?? throw new ArgumentNullException(nameof(decode));
        _network = new FlowNetwork(topology, model);
        _path = new int[Math.Max(1, topology.MaxPathLength)];
        _failedNics = new bool[topology.AcceleratorCount];
    }

    /// <summary>The live network (for link counters and tests).</summary>
    public FlowNetwork Network => _network;

    /// <summary>Transfers started and neither delivered nor abandoned.</summary>
    public int InFlight { get; private set; }

    private IKvTransferSink? Sink { get; set; }

    /// <inheritdoc />
    public void Attach(IKvTransferSink sink) => Sink = sink ?? throw new ArgumentNullException(nameof(sink));

    /// <inheritdoc />
    public void Begin(int transfer, RequestState request, int prefillInstance, RouteTarget target)
    {
        ArgumentNullException.ThrowIfNull(request);
        var now = _simulation.Now;
        AdvanceOnce(now);
        EnsureSlot(transfer);
        var source = _prefill.Accelerator(prefillInstance, request.Rank);
        var destination = _decode.Accelerator(target.Instance, target.Rank);
        var hops = _topology.Path(source, destination, _failedNics, _path);
        var bytes = _memory.KvBytesForContext(request.PromptTokens);
        _start[transfer] = now;
        _bytes[transfer] = bytes;
        _live[transfer] = true;
        InFlight++;
        _network.Start(now, _path.AsSpan(0, hops), bytes, transfer);
        WakeNow(now);
    }

    /// <summary>
    /// Scales an accelerator's NIC (both directions) to <paramref name="factor"/> of its spec from now on (a link fault);
    /// factor 0 fails it: later transfers are rerouted through another rail of its node, while transfers already on it
    /// finish over their path at the NIC's spec bandwidth (a flow is never re-pathed mid-way).
    /// </summary>
    public void SetNicBandwidthFactor(int accelerator, double factor)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(factor);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(factor, 1);
        _failedNics[accelerator] = factor == 0;
        if (factor == 0)
        {
            factor = 1;
        }

        var up = _topology.NicUplink(accelerator);
        if (up < 0)
        {
            return;
        }

        var now = _simulation.Now;
        AdvanceOnce(now);
        foreach (var link in (ReadOnlySpan<int>)[up, _topology.NicDownlink(accelerator)])
        {
            _network.SetLinkBandwidth(now, link, _topology.Links.BytesPerSecond(link) * factor);
        }

        WakeNow(now);
    }

    /// <inheritdoc />
    public void Abandon()
    {
        if (_event.IsValid)
        {
            _simulation.Cancel(_event);
            _event = EventHandle.None;
        }

        for (var i = 0; i < _live.Length; i++)
        {
            if (_live[i])
            {
                _live[i] = false;
                _abandoned++;
            }
        }

        _ready.Clear();
        InFlight = 0;
    }

    /// <inheritdoc />
    public KvTransferSummary Summarize()
    {
        var now = _simulation.Now;
        var busiest = -1;
        var busiestBytes = 0.0;
        LinkCounters busiestCounters = default;
        for (var link = 0; link < _topology.Links.Count; link++)
        {
            var counters = _network.Counters(link);
            if (counters.BytesCarried > busiestBytes)
            {
                busiest = link;
                busiestBytes = counters.BytesCarried;
                busiestCounters = counters;
            }
        }

        var model = _network.Model == LinkModel.AlphaBeta ? "alpha-beta" : "fair-share";
        if (busiest < 0)
        {
            return _times.Summarize(model, _abandoned);
        }

        var busyFraction = now.Nanoseconds > 0 ? (double)busiestCounters.BusyTime.Nanoseconds / now.Nanoseconds : 0;
        return _times.Summarize(model, _abandoned, _topology.Links[busiest].Name, busiestBytes, busyFraction);
    }

    /// <inheritdoc />
    void IFlowCompletionSink.OnFlowCompleted(in CompletedFlow flow) => _ready.Add((int)flow.Tag);

    /// <inheritdoc />
    void IEventHandler.OnEvent(Simulation simulation, long arg)
    {
        _event = EventHandle.None;
        var now = simulation.Now;
        _network.AdvanceTo(now, this);
        _advancedNs = now.Nanoseconds;
        // The sink only enqueues and releases requests; a transfer it started would append here and be seen below.
        for (var i = 0; i < _ready.Count; i++)
        {
            var transfer = _ready[i];
            _live[transfer] = false;
            InFlight--;
            _times.Add(_bytes[transfer], now - _start[transfer]);
            Sink!.OnKvTransferred(transfer);
        }

        _ready.Clear();
        Reschedule(now);
    }

    // Flows finishing at or before now must leave the network before it accepts a change at now; once per instant is
    // enough, and skipping the repeats matters: advancing re-solves the rates, and a prefill step starts many transfers.
    private void AdvanceOnce(SimTime now)
    {
        if (_advancedNs != now.Nanoseconds)
        {
            _network.AdvanceTo(now, this);
            _advancedNs = now.Nanoseconds;
        }
    }

    // Rates are solved once for all the changes of an instant, by an event later in that instant.
    private void WakeNow(SimTime now)
    {
        if (_event.IsValid)
        {
            if (_event.Time == now)
            {
                return;
            }

            _simulation.Cancel(_event);
        }

        _event = _simulation.ScheduleAt(now, this);
    }

    private void Reschedule(SimTime now)
    {
        var next = _ready.Count > 0 ? now : _network.NextEventTime;
        if (_event.IsValid)
        {
            if (_event.Time == next)
            {
                return;
            }

            _simulation.Cancel(_event);
            _event = EventHandle.None;
        }

        if (next != SimTime.MaxValue)
        {
            _event = _simulation.ScheduleAt(next, this);
        }
    }

    private void EnsureSlot(int transfer)
    {
        if (transfer < _start.Length)
        {
            return;
        }

        var size = Math.Max(transfer + 1, _start.Length * 2);
        Array.Resize(ref _start, size);
        Array.Resize(ref _bytes, size);
        Array.Resize(ref _live, size);
    }
}
