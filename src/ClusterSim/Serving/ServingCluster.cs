using ClusterSim.Engine;
using ClusterSim.Scheduling;
using ClusterSim.Scheduling.Admission;
using ClusterSim.Workloads;

namespace ClusterSim.Serving;

/// <summary>
/// The running cluster: pulls arrivals from the workload, routes them into the entry pool, and in a
/// disaggregated deployment moves prefilled requests to the decode pool over the fabric.
/// </summary>
/// <remarks>
/// Arrivals are pulled one ahead from a streaming source, so a trace of millions of rows is never held in memory.
/// Events: one per arrival and one per step per instance; KV transfers are the <see cref="IKvTransport"/>'s events.
/// </remarks>
public sealed partial class ServingCluster : IInstanceHost, IEventHandler, IKvTransferSink
{
    private const long ArrivalEvent = -1;
    private const long GrantEvent = -2;

    private readonly Simulation _simulation;
    private readonly IRequestSource _source;
    private readonly SimTime _arrivalsEnd;
    // Each transfer in flight: the request, its decode target, the reserved decode slot (-1 without back-pressure) and
    // the output tokens counted on the target rank's load until the KV cache lands.
    private readonly List<(RequestState? Request, RouteTarget Target, int ReservedSlot, long Load)> _transfers = [];
    private readonly Stack<int> _freeTransferSlots = new();
    private ServingPool _entry = null!;
    private ServingPool? _decode;
    private IKvTransport? _transport;
    private readonly IClosedLoopSource? _closedLoop;
    private RequestArrival _next;
    private bool _hasNext;
    private bool _arrivalScheduled;
    private IAdmissionPolicy _admission = new UnboundedAdmission();
    private DecodeReservations? _reservations;
    private bool _granting;
    private bool _grantScheduled;
    private bool _draining;

    /// <summary>A cluster fed by <paramref name="source"/> until <paramref name="arrivalsEnd"/>.</summary>
    public ServingCluster(Simulation simulation, IRequestSource source, SimTime arrivalsEnd, IServingObserver observer)
    {
        _simulation = simulation;
        _source = source;
        _arrivalsEnd = arrivalsEnd;
        _closedLoop = source as IClosedLoopSource;
        Observer = observer;
    }

    /// <inheritdoc />
    public IServingObserver Observer { get; }

    /// <summary>Pools in deployment order (entry pool first).</summary>
    public IReadOnlyList<ServingPool> Pools { get; private set; } = [];

    /// <summary>Requests that arrived so far.</summary>
    public long Arrived { get; private set; }

    /// <summary>KV transfers under way.</summary>
    public int TransfersInFlight => _transfers.Count - _freeTransferSlots.Count;

    /// <summary>Wires the pools: a colocated pool alone, or a prefill pool feeding a decode pool (each transfer priced alone).</summary>
    public void Configure(ServingPool entry, ServingPool? decode, IKvTransferPricer? transferPricer) =>
        Configure(entry, decode, transferPricer is null ? null : new PricedKvTransport(_simulation, transferPricer));

    /// <summary>Wires the pools: a colocated pool alone, or a prefill pool feeding a decode pool through <paramref name="transport"/>.</summary>
    public void Configure(ServingPool entry, ServingPool? decode, IKvTransport? transport)
    {
        if (decode is not null && transport is null)
        {
            throw new ArgumentNullException(nameof(transport), "a disaggregated deployment needs a KV transport");
        }

        _entry = entry;
        _decode = decode;
        _transport = decode is null ? null : transport;
        _transport?.Attach(this);
        Pools = decode is null ? [entry] : [entry, decode];
    }

    /// <summary>The KV transport between the pools; null when colocated.</summary>
    public IKvTransport? Transport => _transport;

    /// <summary>Admission control at the entry, before routing (unbounded unless set).</summary>
    public IAdmissionPolicy Admission
    {
        get => _admission;
        set => _admission = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>
    /// Requests arrive with their prompt's KV cache resident (<c>workload.kv_preloaded</c>), straight into the decode
    /// pool of a disaggregated deployment (or the one pool of a colocated one), so decode capacity is measured alone.
    /// </summary>
    public bool KvPreloaded { get; set; }

    /// <summary>Arrivals rejected by admission control (counted as dropped with the reason).</summary>
    public long Rejected { get; private set; }

    /// <summary>
    /// True when a closed-loop workload has sent its last request: once nothing is in flight the run is over. Always
    /// false for an open-loop workload, whose run ends with <c>simulation.duration</c>.
    /// </summary>
    public bool ClosedLoopAllSent => _closedLoop is { AllSent: true };

    /// <summary>Schedules the first arrival; call once before running the simulation.</summary>
    public void Start()
    {
        if (DecodeReservation && _decode is not null)
        {
            _reservations = new DecodeReservations(_decode);
        }

        ScheduleNextArrival();
    }

    /// <summary>True while requests are queued, running or transferring anywhere.</summary>
    public bool HasWorkInFlight
    {
        get
        {
            if (TransfersInFlight > 0 || _reservations is { Waiting: > 0 })
            {
                return true;
            }

            foreach (var pool in Pools)
            {
                foreach (var instance in pool.Instances)
                {
                    if (instance.Outstanding > 0)
                    {
                        return true;
                    }
                }
            }

            return false;
        }
    }

    /// <inheritdoc />
    public void OnPrefilled(ServingInstance instance, RequestState request)
    {
        RouteTarget target;
        var reservedSlot = -1;
        long load;
        DecodeReservation reservation = default;
        var reserved = _reservations is not null && _reservations.TryTake(request, out reservation);
        if (reserved && _decode!.Instances[reservation.Target.Instance].Failed)
        {
            // Its decode instance was lost since the reservation, and the blocks with it: route as without one.
            _reservations!.Cancel(reservation);
            reserved = false;
        }

        if (reserved)
        {
            // Back-pressure: the decode rank was chosen when it reserved KV for this request; the KV goes there.
            (target, reservedSlot, load) = (reservation.Target, reservation.Slot, reservation.Load);
        }
        else
        {
            // The decode instance is chosen now, so the transfer is priced over the real path.
            target = _decode!.Route(request);
            load = request.RemainingOutputTokens;
            // The decode rank counts the request's tokens from now on: a load-aware router that saw only arrived KV
            // caches would send every prompt finishing in one prefill step to the same rank, and its NIC would carry
            // them all.
            _decode.Instances[target.Instance].Ranks[target.Rank].OutstandingTokens += load;
        }

        var slot = _freeTransferSlots.Count > 0 ? _freeTransferSlots.Pop() : AddTransferSlot();
        _transfers[slot] = (request, target, reservedSlot, load);
        _transport!.Begin(slot, request, instance.Index, target);
    }

    /// <inheritdoc />
    public void OnRequestEnded(RequestState request)
    {
        // A request ending before its KV cache reached decode gives its reservation back (once: it is no longer held).
        _reservations?.ReleaseIfHeld(request);
        Observer.OnCompleted(request);
        if (_closedLoop is { } closedLoop)
        {
            // The client sends again; with nothing pending the cluster pulls its next request now.
            closedLoop.OnRequestEnded(_simulation.Now);
            if (!_arrivalScheduled)
            {
                ScheduleNextArrival();
            }
        }

        // Decode KV may have been freed (a decode request finished or was dropped, or a reservation was given back).
        ScheduleGrant();
    }

    /// <inheritdoc />
    void IEventHandler.OnEvent(Simulation simulation, long arg)
    {
        if (arg == GrantEvent)
        {
            _grantScheduled = false;
            GrantReservations();
            return;
        }

        if (arg != ArrivalEvent)
        {
            throw new InvalidOperationException($"the cluster schedules only arrivals and reservation grants, not event {arg}");
        }

        OnArrival();
    }

    /// <inheritdoc />
    public void OnKvTransferred(int transfer)
    {
        var (request, target, reservedSlot, load) = _transfers[transfer];
        if (request is null)
        {
            throw new InvalidOperationException($"KV transfer {transfer} finished but none was in flight in that slot");
        }

        _transfers[transfer] = (null, default, -1, 0);
        _freeTransferSlots.Push(transfer);
        _entry.Instances[request.PrefillInstance].ReleaseTransferred(request);
        UnreserveDecodeLoad(target, load);
        var decode = _decode!.Instances[target.Instance];
        if (reservedSlot >= 0 && !decode.Failed)
        {
            // Its slot and blocks were reserved before prefill started: it decodes from the next step, never queued.
            decode.AdmitReserved(request, target.Rank, reservedSlot);
            return;
        }

        if (decode.Failed)
        {
            if (reservedSlot >= 0)
            {
                _reservations!.Cancel(new DecodeReservation(target, reservedSlot, 0));
            }

            // The decode instance was lost while the KV cache was on its way: send it to one still serving.
            target = _decode.Route(request);
        }

        _decode.Instances[target.Instance].Enqueue(request, target.Rank);
    }

    /// <summary>
    /// Ends the run's unfinished business: every request still queued, running or crossing the fabric is dropped with
    /// the reason "unfinished at the drain limit" (each once) and counted; returns how many.
    /// </summary>
    public long DropUnfinished(SimTime now)
    {
        const string Reason = "unfinished at the drain limit";
        var dropped = 0L;
        // No reservation is granted from here on: the requests waiting for one are dropped first, then every request
        // holding one gives it back as it is dropped.
        _draining = true;
        while (_reservations is not null && _reservations.TryDequeue(out var waiting))
        {
            waiting.Drop(Reason, now);
            OnRequestEnded(waiting);
            dropped++;
        }

        foreach (var pool in Pools)
        {
            foreach (var instance in pool.Instances)
            {
                dropped += instance.DropUnfinished(Reason, now);
            }
        }

        // Requests whose KV cache is in flight were left on their prefill ranks above; the transfer is abandoned here.
        _transport?.Abandon();
        for (var slot = 0; slot < _transfers.Count; slot++)
        {
            var (inFlight, target, reservedSlot, load) = _transfers[slot];
            if (inFlight is { } request)
            {
                UnreserveDecodeLoad(target, load);
                if (reservedSlot >= 0)
                {
                    // The reservation travelled with the transfer (no longer held by the request): cancelled here, once.
                    _reservations!.Cancel(new DecodeReservation(target, reservedSlot, 0));
                }

                _transfers[slot] = (null, default, -1, 0);
                _freeTransferSlots.Push(slot);
                _entry.Instances[request.PrefillInstance].DropTransferring(request, Reason, now);
                dropped++;
            }
        }

        return dropped;
    }

    // A lost instance zeroed its ranks' load already; Enqueue adds the tokens back on the rank that takes the request.
    private void UnreserveDecodeLoad(RouteTarget target, long load)
    {
        var instance = _decode!.Instances[target.Instance];
        if (!instance.Failed)
        {
            instance.Ranks[target.Rank].OutstandingTokens -= load;
        }
    }

    private int AddTransferSlot()
    {
        _transfers.Add((null, default, -1, 0));
        return _transfers.Count - 1;
    }

    private void OnArrival()
    {
        _arrivalScheduled = false;
        var arrival = _next;
        var request = new RequestState(arrival.Id, arrival.Arrival, arrival.InputTokens, arrival.OutputTokens, arrival.PrefixBlockHashes);
        Arrived++;
        if (KvPreloaded)
        {
            request.PreloadKv();
        }

        Observer.OnArrival(request);
        var now = _simulation.Now;
        // Counting the waiting requests visits every instance; the default admission never reads the count.
        var queued = _admission.ReadsQueueLength ? QueuedAtEntry() : 0;
        if (_admission.Reject(request, queued, now) is { } reason)
        {
            Rejected++;
            request.Drop(reason, now);
            OnRequestEnded(request);
        }
        else if (_reservations is not null && DecodeReservations.Needs(request))
        {
            // Back-pressure: it waits here, in arrival order, until a decode rank reserves KV for it.
            _reservations.Enqueue(request);
            GrantReservations();
        }
        else
        {
            (KvPreloaded && _decode is not null ? _decode : _entry).Admit(request);
        }

        ScheduleNextArrival();
    }

    private int QueuedAtEntry()
    {
        // Requests waiting for a decode reservation wait in front of the entry pool: they count as queued there.
        var queued = _reservations?.Waiting ?? 0;
        foreach (var instance in _entry.Instances)
        {
            queued += instance.Queued;
        }

        return queued;
    }

    private void ScheduleNextArrival()
    {
        if (_arrivalScheduled)
        {
            // A closed loop pulled already (a request rejected at admission ended inside OnArrival): keep that one.
            return;
        }

        _hasNext = _source.TryNext(out _next);
        if (_hasNext && _next.Arrival < _arrivalsEnd)
        {
            _simulation.ScheduleAt(SimTime.Max(_next.Arrival, _simulation.Now), this, ArrivalEvent);
            _arrivalScheduled = true;
        }
    }
}
