using System.Runtime.CompilerServices;
using ClusterSim.Engine;

namespace ClusterSim.Scheduling;

/// <summary>Where a request is in its life.</summary>
public enum RequestPhase
{
    /// <summary>Routed to a rank, waiting for admission (KV blocks and a running slot).</summary>
    Waiting,

    /// <summary>Admitted; its prompt (or the recomputed prompt after a preemption) is being prefilled.</summary>
    Prefill,

    /// <summary>Prefilled; generating output tokens one step at a time.</summary>
    Decode,

    /// <summary>Prefilled on a prefill instance; its KV cache is crossing the fabric to a decode instance.</summary>
    Transferring,

    /// <summary>All output tokens generated.</summary>
    Finished,

    /// <summary>Given up, with a reason; counted, never silently lost.</summary>
    Dropped,
}

/// <summary>Why a request goes back to a waiting queue to be prefilled again from scratch.</summary>
public enum RequeueCause
{
    /// <summary>Its rank ran out of KV blocks and freed its cache (recompute preemption).</summary>
    Preempted,

    /// <summary>Its instance was lost; it is routed again to one still serving.</summary>
    InstanceLost,
}

/// <summary>
/// The mutable state of one request in flight; dropped from memory once its row is written. Its phase changes only
/// through the transitions below (route, admit, complete prefill, begin transfer, release, finish, drop, requeue),
/// each written once and each checking where the request is, so a request can never be released or ended twice.
/// </summary>
public sealed class RequestState
{
    // Arrival and LastToken are read for every decoding request at every step, next to the token counts. Kept as longs
    // they sit with the counts near the start of the object (the runtime lays out 8-byte primitives before 4-byte ones
    // and structs such as SimTime last), so a step's first touch of a request usually brings in one cache line, not two.
    private readonly long _arrivalNs;
    private long _lastTokenNs;

    /// <summary>Creates the state for a request that arrived.</summary>
    public RequestState(long id, SimTime arrival, int inputTokens, int outputTokens, ulong[]? prefixBlockHashes)
    {
        Id = id;
        _arrivalNs = arrival.Nanoseconds;
        InputTokens = inputTokens;
        OutputTokens = outputTokens;
        PrefixBlockHashes = prefixBlockHashes;
        PromptTokens = inputTokens;
    }

    /// <summary>True when the request arrived with its prompt's KV cache already resident (<c>workload.kv_preloaded</c>).</summary>
    public bool KvPreloaded { get; private set; }

    /// <summary>
    /// Marks the prompt's KV cache as already computed, before routing: the request is admitted straight into decode,
    /// holding its prompt's blocks, and its first decode step samples its first token. No prefill is priced.
    /// </summary>
    public void PreloadKv()
    {
        if (Phase != RequestPhase.Waiting || Slot >= 0 || GeneratedTokens > 0)
        {
            throw new InvalidOperationException($"request {Id} preloaded while {Phase}");
        }

        KvPreloaded = true;
        PrefilledTokens = PromptTokens;
    }

    /// <summary>The request's id, from the workload.</summary>
    public long Id { get; }

    /// <summary>When it arrived at the cluster.</summary>
    public SimTime Arrival => new(_arrivalNs);

    /// <summary>Prompt length in tokens.</summary>
    public int InputTokens { get; }

    /// <summary>Output length in tokens (known to the simulator, not to the scheduler's policies).</summary>
    public int OutputTokens { get; }

    /// <summary>Prefix-block hashes for prefix caching, when the trace carries them.</summary>
    public ulong[]? PrefixBlockHashes { get; }

    /// <summary>Phase of its life.</summary>
    public RequestPhase Phase { get; private set; } = RequestPhase.Waiting;

    /// <summary>True once it finished or was dropped: its state is final.</summary>
    public bool IsEnded => Phase is RequestPhase.Finished or RequestPhase.Dropped;

    /// <summary>Tokens to prefill: the prompt, plus the tokens generated so far after a recompute.</summary>
    public int PromptTokens { get; private set; }

    /// <summary>Prompt tokens already in the KV cache (prefilled or matched in the prefix cache).</summary>
    public int PrefilledTokens { get; set; }

    /// <summary>Prompt tokens served from the prefix cache at the last admission.</summary>
    public int CachedPromptTokens { get; private set; }

    /// <summary>Output tokens generated so far.</summary>
    public int GeneratedTokens { get; set; }

    /// <summary>KV-cache slot on its rank while admitted; -1 otherwise.</summary>
    /// <remarks>Declared beside the token counts so that it is laid out beside them: a step reads it with them.</remarks>
    public int Slot { get; private set; } = -1;

    /// <summary>
    /// Prefilled prompt plus generated tokens not in the prompt: the context the next decode step attends over,
    /// counting the last generated token, whose KV that step writes.
    /// </summary>
    /// <remarks>
    /// Inlined where it is read once per request per step: a call would also read the object's header, often a cache
    /// line of its own that nothing else in the step needs.
    /// </remarks>
    public int ContextTokens
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => PrefilledTokens + GeneratedTokens - (PromptTokens - InputTokens);
    }

    /// <summary>When it was first admitted to a batch (end of queueing); <see cref="SimTime.MaxValue"/> until then.</summary>
    public SimTime FirstScheduled { get; private set; } = SimTime.MaxValue;

    /// <summary>
    /// When a decode rank reserved KV blocks for it (disaggregated deployments with <c>scheduler.decode_reservation</c>);
    /// <see cref="SimTime.MaxValue"/> when it never had a reservation.
    /// </summary>
    public SimTime DecodeReserved { get; private set; } = SimTime.MaxValue;

    /// <summary>A decode rank reserved KV blocks for it now; a request is reserved for at most once.</summary>
    public void ReserveDecode(SimTime now)
    {
        ThrowIfEnded("reserved decode KV");
        if (DecodeReserved != SimTime.MaxValue)
        {
            throw new InvalidOperationException($"request {Id} reserved decode KV twice");
        }

        DecodeReserved = now;
    }

    /// <summary>When its first output token was produced; <see cref="SimTime.MaxValue"/> until then.</summary>
    public SimTime FirstToken { get; set; } = SimTime.MaxValue;

    /// <summary>When its last token was produced (for inter-token latency).</summary>
    public SimTime LastToken
    {
        get => new(_lastTokenNs);
        set => _lastTokenNs = value.Nanoseconds;
    }

    /// <summary>When it finished or was dropped.</summary>
    public SimTime Finished { get; private set; }

    /// <summary>How many times it was preempted (its KV cache freed and recomputed later).</summary>
    public int Preemptions { get; private set; }

    /// <summary>How many times a lost instance handed it back to be served again from scratch.</summary>
    public int FaultRequeues { get; private set; }

    /// <summary>Why it was dropped; null otherwise.</summary>
    public string? DropReason { get; private set; }

    /// <summary>Index of the instance serving it (the decode instance once transferred).</summary>
    public int Instance { get; private set; } = -1;

    /// <summary>Index of the prefill instance in a disaggregated deployment; -1 otherwise.</summary>
    public int PrefillInstance { get; private set; } = -1;

    /// <summary>Attention data-parallel rank inside the instance.</summary>
    public int Rank { get; private set; } = -1;


    /// <summary>Tokens still to generate.</summary>
    public int RemainingOutputTokens => OutputTokens - GeneratedTokens;

    /// <summary>True while the prompt (or its recompute) is not fully in the KV cache.</summary>
    public bool NeedsPrefill => PrefilledTokens < PromptTokens;

    /// <summary>Routed to <paramref name="rank"/> of <paramref name="instance"/>: it waits there for admission.</summary>
    public void Route(int instance, int rank)
    {
        ThrowIfEnded("routed");
        Instance = instance;
        Rank = rank;
        Phase = RequestPhase.Waiting;
    }

    /// <summary>
    /// Admitted into KV slot <paramref name="slot"/> with <paramref name="cachedTokens"/> prompt tokens found in the
    /// prefix cache; a request landing on a decode rank <paramref name="arrivesPrefilled"/> and decodes at once.
    /// </summary>
    public void Admit(int slot, int cachedTokens, bool arrivesPrefilled, SimTime now)
    {
        if (Phase != RequestPhase.Waiting || Slot >= 0)
        {
            throw new InvalidOperationException($"request {Id} admitted while {Phase} in slot {Slot}");
        }

        Slot = slot;
        CachedPromptTokens = cachedTokens;
        PrefilledTokens = arrivesPrefilled ? PromptTokens : cachedTokens;
        Phase = arrivesPrefilled ? RequestPhase.Decode : RequestPhase.Prefill;
        if (FirstScheduled == SimTime.MaxValue)
        {
            FirstScheduled = now;
        }
    }

    /// <summary>Its prompt is wholly in the KV cache: it decodes from now on.</summary>
    public void CompletePrefill() => Phase = RequestPhase.Decode;

    /// <summary>
    /// Prefilled on <paramref name="prefillInstance"/> of a disaggregated deployment: its KV cache starts crossing the
    /// fabric; it keeps its prefill slot until the copy arrives (or the run ends).
    /// </summary>
    public void BeginTransfer(int prefillInstance)
    {
        if (Phase != RequestPhase.Decode)
        {
            throw new InvalidOperationException($"request {Id} cannot start a KV transfer while {Phase}");
        }

        PrefillInstance = prefillInstance;
        Phase = RequestPhase.Transferring;
    }

    /// <summary>Gives up its KV slot and returns it (for the rank to free); a second release is a bug and throws.</summary>
    public int ReleaseSlot()
    {
        if (Slot < 0)
        {
            throw new InvalidOperationException($"request {Id} released from rank {Rank} of instance {Instance} but holds no KV slot");
        }

        var slot = Slot;
        Slot = -1;
        return slot;
    }

    /// <summary>All output tokens generated; its slot was released.</summary>
    public void Finish(SimTime now)
    {
        End(now);
        Phase = RequestPhase.Finished;
    }

    /// <summary>Given up for <paramref name="reason"/>, counted, never silently lost; its slot (if any) was released.</summary>
    public void Drop(string reason, SimTime now)
    {
        End(now);
        Phase = RequestPhase.Dropped;
        DropReason = reason;
    }

    /// <summary>
    /// Goes back to waiting with its KV cache freed: the prompt to prefill becomes the input plus everything generated
    /// so far (recompute), and the cause is counted.
    /// </summary>
    public void Requeue(RequeueCause cause)
    {
        ThrowIfEnded("requeued");
        if (cause == RequeueCause.Preempted)
        {
            Preemptions++;
        }
        else
        {
            FaultRequeues++;
        }

        PromptTokens = InputTokens + GeneratedTokens;
        PrefilledTokens = 0;
        Phase = RequestPhase.Waiting;
    }

    private void End(SimTime now)
    {
        ThrowIfEnded("ended");
        if (Slot >= 0)
        {
            throw new InvalidOperationException($"request {Id} ended while holding KV slot {Slot}");
        }

        Finished = now;
    }

    private void ThrowIfEnded(string what)
    {
        if (IsEnded)
        {
            throw new InvalidOperationException($"request {Id} {what} after it was {Phase}");
        }
    }
}
