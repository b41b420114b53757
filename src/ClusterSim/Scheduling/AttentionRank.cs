using ClusterSim.Engine;
using ClusterSim.Scheduling.KvCache;

namespace ClusterSim.Scheduling;

/// <summary>
/// One attention data-parallel rank of an instance: its own waiting queue, running requests and paged KV cache.
/// The mechanics of admission, growth and preemption live here; batch policies decide the order.
/// </summary>
public sealed class AttentionRank
{
    private readonly Stack<int> _freeSlots;

    // Where OutstandingTokens lives: a slot of its own until SharedRankLoads places it beside its instance's other ranks.
    private long[] _loads = new long[1];
    private int _loadSlot;

    /// <summary>A rank with its KV cache and a cap on running requests.</summary>
    /// <param name="index">Rank index inside the instance.</param>
    /// <param name="kvCache">The rank's KV cache.</param>
    /// <param name="maxRunning">Most requests admitted at once (running slots).</param>
    /// <param name="decodeOnly">True on a decode instance of a disaggregated pool: prompts arrive prefilled.</param>
    public AttentionRank(int index, PagedKvCache kvCache, int maxRunning, bool decodeOnly)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRunning, 1);
        Index = index;
        KvCache = kvCache;
        MaxRunning = maxRunning;
        DecodeOnly = decodeOnly;
        _freeSlots = new Stack<int>(Enumerable.Range(0, maxRunning).Reverse());
    }

    /// <summary>Rank index inside the instance.</summary>
    public int Index { get; }

    /// <summary>The rank's paged KV cache.</summary>
    public PagedKvCache KvCache { get; }

    /// <summary>Most requests admitted at once.</summary>
    public int MaxRunning { get; }

    /// <summary>True when prompts arrive already prefilled (decode pool).</summary>
    public bool DecodeOnly { get; }

    /// <summary>Requests routed here and not yet admitted.</summary>
    public RequestQueue Waiting { get; } = new();

    /// <summary>Admitted requests, in admission order (the last is the first preemption victim).</summary>
    public List<RequestState> Running { get; } = new(256);

    /// <summary>Prompt plus output tokens of every request assigned here and not finished: the router's load signal.</summary>
    public long OutstandingTokens
    {
        get => _loads[_loadSlot];
        set => _loads[_loadSlot] = value;
    }

    /// <summary>Keeps the load in slot <paramref name="slot"/> of <paramref name="loads"/> from now on (see <see cref="SharedRankLoads"/>).</summary>
    internal void MoveLoadTo(long[] loads, int slot)
    {
        loads[slot] = OutstandingTokens;
        _loads = loads;
        _loadSlot = slot;
    }

    /// <summary>Preemptions on this rank so far.</summary>
    public long Preemptions { get; private set; }

    /// <summary>Requests preempted since the owner last cleared the list (for telemetry and logs).</summary>
    public List<RequestState> RecentlyPreempted { get; } = [];

    /// <summary>True when a waiting request could be admitted if blocks allow.</summary>
    public bool HasFreeSlot => _freeSlots.Count > 0;

    /// <summary>
    /// Admits the request at the front of the waiting queue if a running slot and KV blocks for its whole prompt are
    /// free (prefix-cache hits are shared); returns it, or null when it must keep waiting.
    /// </summary>
    public RequestState? TryAdmitNext(SimTime now)
    {
        if (Waiting.Count == 0 || _freeSlots.Count == 0)
        {
            return null;
        }

        var request = Waiting.Peek();
        var slot = _freeSlots.Peek();
        // A request landing on a decode rank arrives prefilled, with its first output token to hold as well; one
        // preempted there is recomputed in place (the decode rank runs the prefill chunks itself).
        // A preloaded request (workload.kv_preloaded) arrives prefilled on any rank, holding its prompt only: its first
        // token is still to be sampled.
        var arrivesPrefilled = (DecodeOnly || request.KvPreloaded) && request.Preemptions == 0 && request.FaultRequeues == 0;
        var tokens = request.PromptTokens + (arrivesPrefilled && request.GeneratedTokens > 0 ? 1 : 0);
        var hashes = request.PrefixBlockHashes is { } h && request.Preemptions == 0 && !DecodeOnly && !request.KvPreloaded ? h : [];
        if (!KvCache.TryAdmit(slot, tokens, hashes, out var cachedTokens))
        {
            return null;
        }

        _freeSlots.Pop();
        Waiting.Dequeue();
        request.Admit(slot, cachedTokens, arrivesPrefilled, now);
        Running.Add(request);
        return request;
    }

    /// <summary>Slots and KV blocks held for requests that will arrive later (decode reservations not yet taken up).</summary>
    public int Reservations { get; private set; }

    /// <summary>
    /// Holds a running slot and KV blocks for <paramref name="tokens"/> tokens for a request that is not here yet (a
    /// decode reservation made before its prompt is prefilled elsewhere). Returns the slot, or -1 when no slot or
    /// too few blocks are free, or when requests are waiting here: those were admitted once and come back first.
    /// </summary>
    public int TryReserve(int tokens)
    {
        if (_freeSlots.Count == 0 || Waiting.Count > 0)
        {
            return -1;
        }

        var slot = _freeSlots.Peek();
        if (!KvCache.TryAdmit(slot, tokens))
        {
            return -1;
        }

        _freeSlots.Pop();
        Reservations++;
        return slot;
    }

    /// <summary>
    /// Admits a request that arrived prefilled into the slot reserved for it by <see cref="TryReserve"/>; its KV blocks
    /// are already held, so this cannot fail for want of memory.
    /// </summary>
    public void AdmitReserved(RequestState request, int slot, SimTime now)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!KvCache.IsAdmitted(slot) || IsRunningIn(slot))
        {
            throw new InvalidOperationException($"request {request.Id} admitted into slot {slot} of rank {Index}, which holds no reservation");
        }

        Reservations--;
        request.Admit(slot, 0, arrivesPrefilled: true, now);
        Running.Add(request);
    }

    /// <summary>Gives back a reservation that will not be taken up (its request ended, or its instance was lost).</summary>
    public void CancelReservation(int slot)
    {
        if (!KvCache.IsAdmitted(slot) || IsRunningIn(slot))
        {
            throw new InvalidOperationException($"reservation in slot {slot} of rank {Index} cancelled but it is empty or a running request holds it");
        }

        KvCache.Release(slot);
        _freeSlots.Push(slot);
        Reservations--;
    }

    /// <summary>
    /// Makes room in the KV cache for <paramref name="request"/> to hold <paramref name="extraTokens"/> more tokens,
    /// preempting the most recently admitted requests (by recompute) until it fits. Returns false when the request
    /// itself had to be preempted.
    /// </summary>
    public bool EnsureRoom(RequestState request, int extraTokens)
    {
        // ContextTokens already counts the last generated token, the first of the tokens this step writes.
        var slot = request.Slot;
        var tokens = request.ContextTokens + extraTokens - 1;
        while (!KvCache.TryGrowToAtLeast(slot, tokens))
        {
            var victim = Running[^1];
            Preempt(victim);
            if (ReferenceEquals(victim, request))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Frees a request's KV cache and puts it back at the front of the queue to be prefilled again.</summary>
    public void Preempt(RequestState victim)
    {
        Release(victim);
        victim.Requeue(RequeueCause.Preempted);
        Preemptions++;
        RecentlyPreempted.Add(victim);
        Waiting.PushFront(victim);
    }

    /// <summary>Releases a finished (or preempted, or transferred) request's slot and KV blocks.</summary>
    public void Release(RequestState request)
    {
        var slot = request.ReleaseSlot();
        KvCache.Release(slot);
        _freeSlots.Push(slot);
        var index = Running.LastIndexOf(request);
        if (index < 0)
        {
            throw new InvalidOperationException($"request {request.Id} released from rank {Index} but not running there");
        }

        Running.RemoveAt(index);
    }

    private bool IsRunningIn(int slot)
    {
        foreach (var request in Running)
        {
            if (request.Slot == slot)
            {
                return true;
            }
        }

        return false;
    }
}
