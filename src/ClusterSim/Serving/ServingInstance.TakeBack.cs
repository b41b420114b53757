using ClusterSim.Engine;
using ClusterSim.Scheduling;

namespace ClusterSim.Serving;

/// <summary>
/// The ways requests leave an instance other than finishing: the instance is lost and hands them back, a prompt can
/// never fit, or the run ends before they finish. Each request is released from its rank once and ended once.
/// </summary>
public sealed partial class ServingInstance
{
    /// <summary>
    /// Loses the instance: every request queued or running here is taken back (KV freed, progress reset so its prompt
    /// and the tokens generated so far are prefilled again elsewhere) and returned for re-routing.
    /// </summary>
    public IReadOnlyList<RequestState> Fail()
    {
        Failed = true;
        var taken = new List<RequestState>();
        foreach (var rank in Ranks)
        {
            while (rank.Running.Count > 0)
            {
                var request = rank.Running[0];
                if (request.Phase == RequestPhase.Transferring)
                {
                    // Its KV cache is already crossing the fabric: the transfer completes from the copy in flight. The
                    // lost rank's cache is left as it was; the request only lets go of its slot there.
                    rank.Running.RemoveAt(0);
                    request.ReleaseSlot();
                    continue;
                }

                rank.Release(request);
                taken.Add(request);
            }

            while (rank.Waiting.Count > 0)
            {
                taken.Add(rank.Waiting.Dequeue());
            }

            rank.OutstandingTokens = 0;
        }

        foreach (var request in taken)
        {
            request.Requeue(RequeueCause.InstanceLost);
        }

        _batch.Clear();
        return taken;
    }

    /// <summary>
    /// Drops every request queued or running here with <paramref name="reason"/> (the end of a run) and returns how
    /// many. A request whose KV cache is crossing the fabric stays: the cluster's transfer drain drops it, once.
    /// </summary>
    public int DropUnfinished(string reason, SimTime now)
    {
        var dropped = 0;
        foreach (var rank in Ranks)
        {
            while (rank.Waiting.Count > 0)
            {
                Drop(rank.Waiting.Dequeue(), reason, now);
                dropped++;
            }

            // Latest admitted first, as preemption would take them.
            for (var i = rank.Running.Count - 1; i >= 0; i--)
            {
                var request = rank.Running[i];
                if (request.Phase == RequestPhase.Transferring)
                {
                    continue;
                }

                rank.Release(request);
                Drop(request, reason, now);
                dropped++;
            }
        }

        return dropped;
    }

    /// <summary>
    /// Drops a request prefilled here whose KV transfer was abandoned at the end of a run: its prefill slot is freed
    /// (a lost instance let go of it already) without starting another step.
    /// </summary>
    public void DropTransferring(RequestState request, string reason, SimTime now)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!Failed)
        {
            Ranks[request.Rank].Release(request);
        }

        Drop(request, reason, now);
    }

    /// <summary>
    /// A request at the head of the queue whose prompt needs more KV blocks than the rank has would wait forever
    /// and block everyone behind it; it is dropped with the reason instead.
    /// </summary>
    private void DropUnservable(AttentionRank rank, SimTime now)
    {
        while (rank.Waiting.Count > 0 && rank.KvCache.BlocksNeeded(rank.Waiting.Peek().PromptTokens + 1) > rank.KvCache.CapacityBlocks)
        {
            var request = rank.Waiting.Dequeue();
            rank.OutstandingTokens -= request.PromptTokens - request.PrefilledTokens + request.RemainingOutputTokens;
            Drop(request, $"prompt of {request.PromptTokens} tokens exceeds the KV cache of a rank ({rank.KvCache.CapacityBlocks * rank.KvCache.BlockTokens} tokens)", now);
        }
    }

    private void Drop(RequestState request, string reason, SimTime now)
    {
        request.Drop(reason, now);
        _host.OnRequestEnded(request);
    }
}
