using ClusterSim.Engine;

namespace ClusterSim.Serving;

/// <summary>
/// Decode back-pressure: the reservation queue in front of the prefill pool is served here (docs/scheduling.md,
/// "Decode back-pressure"); the rest of the cluster hands reservations on (transfer) or gives them back (ends, drain).
/// </summary>
public sealed partial class ServingCluster
{
    /// <summary>
    /// Decode back-pressure (<c>scheduler.decode_reservation</c>, which defaults to true in a scenario): in a
    /// disaggregated deployment a request is prefilled only once a decode rank has reserved KV for it. False here
    /// unless set, which keeps the earlier behaviour (prefill runs ahead, the decode queue is unbounded). Set before
    /// <see cref="Start"/>; ignored without a decode pool.
    /// </summary>
    public bool DecodeReservation { get; set; }

    /// <summary>The reservation queue and the reservations held; null unless <see cref="DecodeReservation"/> applies.</summary>
    public DecodeReservations? Reservations => _reservations;

    // The queue is served by an event at this instant, after the step or transfer that ended a request has applied all
    // its results: granting from inside it would hand a request to an instance in the middle of its own step.
    private void ScheduleGrant()
    {
        if (_reservations is { Waiting: > 0 } && !_grantScheduled && !_draining)
        {
            _simulation.Schedule(SimDuration.Zero, this, GrantEvent);
            _grantScheduled = true;
        }
    }

    // Serves the reservation queue in order while the front request gets one. Called from events of its own (an arrival,
    // a grant event), never from inside an instance's step; a re-entrant call returns at once.
    private void GrantReservations()
    {
        if (_reservations is null || _granting || _draining)
        {
            return;
        }

        _granting = true;
        try
        {
            var now = _simulation.Now;
            while (true)
            {
                var outcome = _reservations.TryGrantNext(now, out var request, out var reservation);
                if (outcome is ReservationOutcome.Empty or ReservationOutcome.Blocked)
                {
                    return;
                }

                if (outcome == ReservationOutcome.Unservable)
                {
                    var rank = _decode!.Instances[reservation.Target.Instance].Ranks[reservation.Target.Rank].KvCache;
                    request!.Drop($"prompt of {request.PromptTokens} tokens exceeds the KV cache of a decode rank ({rank.CapacityBlocks * rank.BlockTokens} tokens)", now);
                    OnRequestEnded(request);
                }
                else if (request!.KvPreloaded)
                {
                    _decode!.Instances[reservation.Target.Instance].AdmitReserved(request, reservation.Target.Rank, reservation.Slot);
                }
                else
                {
                    _entry.Admit(request);
                }
            }
        }
        finally
        {
            _granting = false;
        }
    }
}
