using ClusterSim.Engine;
using ClusterSim.Scheduling;

namespace ClusterSim.Serving;

/// <summary>KV held on a decode rank for a request not there yet: the rank, the slot holding the blocks, the load counted.</summary>
/// <param name="Target">Decode instance (index in the pool) and attention rank the router chose at reservation time.</param>
/// <param name="Slot">The rank's KV slot holding the reserved blocks.</param>
/// <param name="Load">Output tokens added to the rank's outstanding tokens at reservation (taken off when the request arrives).</param>
public readonly record struct DecodeReservation(RouteTarget Target, int Slot, long Load);

/// <summary>What the request at the front of the reservation queue got.</summary>
public enum ReservationOutcome
{
    /// <summary>Nobody is waiting.</summary>
    Empty,

    /// <summary>The decode rank the router chose cannot hold it yet: it (and everyone behind it) keeps waiting.</summary>
    Blocked,

    /// <summary>A decode rank reserved its KV; it was taken off the queue.</summary>
    Granted,

    /// <summary>Its KV can never fit a decode rank: it was taken off the queue to be dropped.</summary>
    Unservable,
}

/// <summary>
/// Decode back-pressure in a disaggregated deployment (<c>scheduler.decode_reservation</c>), as SGLang's and Dynamo's
/// PD disaggregation do: a request is prefilled only once a decode rank has reserved a running slot and KV blocks
/// for it, so prefill cannot run ahead of what decode can hold. Requests wait for a reservation here, first come first
/// served, in front of the prefill pool.
/// </summary>
/// <remarks>
/// A reservation is the KV the decode rank's own admission would take on arrival (the prompt plus the first output
/// token; a preloaded request's prompt only), held as used blocks from the grant. It is given back exactly once: it
/// becomes the request's decode slot when its KV cache lands (released with the request from then on), or it is
/// cancelled here when the request ends before that (dropped, or finished at the prefill rank), or when its decode
/// instance was lost. A transfer in flight carries its reservation with it and the cluster cancels it if the run ends.
/// </remarks>
public sealed class DecodeReservations
{
    private readonly ServingPool _decode;
    private readonly Queue<RequestState> _waiting = new();
    private readonly Dictionary<RequestState, DecodeReservation> _held = new(ReferenceEqualityComparer.Instance);

    /// <summary>Reservations on the ranks of <paramref name="decode"/>.</summary>
    public DecodeReservations(ServingPool decode) => _decode = decode ?? throw new ArgumentNullException(nameof(decode));

    /// <summary>Requests waiting for a reservation.</summary>
    public int Waiting => _waiting.Count;

    /// <summary>Most requests that waited for a reservation at once.</summary>
    public int PeakWaiting { get; private set; }

    /// <summary>Reservations held by requests still queued or in prefill (not yet crossing the fabric).</summary>
    public int Held => _held.Count;

    /// <summary>Reservations granted so far.</summary>
    public long Granted { get; private set; }

    /// <summary>
    /// True when <paramref name="request"/> needs decode KV: a preloaded request always (it decodes at once), a prompt to
    /// prefill only when it will generate more than the one token its prefill samples (otherwise it ends at prefill).
    /// </summary>
    public static bool Needs(RequestState request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.KvPreloaded || request.OutputTokens > 1;
    }

    /// <summary>
    /// Tokens a decode rank holds for the request when it arrives, as <see cref="AttentionRank.TryAdmitNext"/> takes them
    /// for a prefilled arrival: the prompt plus the first output token sampled by prefill (a preloaded request has not
    /// sampled it yet). Later tokens grow the slot step by step, as for every decode request.
    /// </summary>
    public static int TokensFor(RequestState request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.PromptTokens + (request.KvPreloaded ? 0 : 1);
    }

    /// <summary>Puts a request at the back of the queue; <see cref="TryGrantNext"/> serves it in turn.</summary>
    public void Enqueue(RequestState request)
    {
        _waiting.Enqueue(request);
        PeakWaiting = Math.Max(PeakWaiting, _waiting.Count);
    }

    /// <summary>
    /// Tries to reserve for the request at the front of the queue on the rank the decode router chooses now. Strict
    /// FIFO: when that rank cannot hold it, nobody behind it is served either. An unservable request's
    /// <paramref name="reservation"/> names the rank it could not fit (slot -1).
    /// </summary>
    public ReservationOutcome TryGrantNext(SimTime now, out RequestState? request, out DecodeReservation reservation)
    {
        reservation = default;
        request = null;
        if (_waiting.Count == 0)
        {
            return ReservationOutcome.Empty;
        }

        var head = _waiting.Peek();
        var tokens = TokensFor(head);
        var target = _decode.Route(head);
        var rank = _decode.Instances[target.Instance].Ranks[target.Rank];
        if (rank.KvCache.BlocksNeeded(tokens) > rank.KvCache.CapacityBlocks)
        {
            request = _waiting.Dequeue();
            reservation = new DecodeReservation(target, -1, 0);
            return ReservationOutcome.Unservable;
        }

        var slot = rank.TryReserve(tokens);
        if (slot < 0)
        {
            return ReservationOutcome.Blocked;
        }

        request = _waiting.Dequeue();
        request.ReserveDecode(now);
        Granted++;
        // The router's load signal counts the decode work from the grant, so reservations spread over the ranks. A
        // preloaded request is admitted at once and its instance counts its load itself.
        var load = request.KvPreloaded ? 0 : request.OutputTokens - 1;
        rank.OutstandingTokens += load;
        reservation = new DecodeReservation(target, slot, load);
        if (!request.KvPreloaded)
        {
            _held.Add(request, reservation);
        }

        return ReservationOutcome.Granted;
    }

    /// <summary>Hands over the reservation of a prefilled request (its KV transfer starts); false when it holds none.</summary>
    public bool TryTake(RequestState request, out DecodeReservation reservation) => _held.Remove(request, out reservation);

    /// <summary>Cancels the reservation of a request that ended before its KV cache reached decode; false when it held none.</summary>
    public bool ReleaseIfHeld(RequestState request)
    {
        if (!_held.Remove(request, out var reservation))
        {
            return false;
        }

        Cancel(reservation);
        return true;
    }

    /// <summary>Gives a reservation's slot and blocks back to its rank, and its load (a lost instance zeroed that already).</summary>
    public void Cancel(DecodeReservation reservation)
    {
        var instance = _decode.Instances[reservation.Target.Instance];
        var rank = instance.Ranks[reservation.Target.Rank];
        rank.CancelReservation(reservation.Slot);
        if (!instance.Failed)
        {
            rank.OutstandingTokens -= reservation.Load;
        }
    }

    /// <summary>Takes the request at the front of the queue off it (the run is over); false when nobody waits.</summary>
    public bool TryDequeue(out RequestState request) => _waiting.TryDequeue(out request!);
}
