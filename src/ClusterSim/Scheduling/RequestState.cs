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

/// <summary>The mutable state of one request in flight; dropped from memory once its row is written.</summary>
public sealed class RequestState
{
    /// <summary>Creates the state for a request that arrived.</summary>
    public RequestState(long id, SimTime arrival, int inputTokens, int outputTokens, ulong[]? prefixBlockHashes)
    {
        Id = id;
        Arrival = arrival;
        InputTokens = inputTokens;
        OutputTokens = outputTokens;
        PrefixBlockHashes = prefixBlockHashes;
        PromptTokens = inputTokens;
    }

    /// <summary>The request's id, from the workload.</summary>
    public long Id { get; }

    /// <summary>When it arrived at the cluster.</summary>
    public SimTime Arrival { get; }

    /// <summary>Prompt length in tokens.</summary>
    public int InputTokens { get; }

    /// <summary>Output length in tokens (known to the simulator, not to the scheduler's policies).</summary>
    public int OutputTokens { get; }

    /// <summary>Prefix-block hashes for prefix caching, when the trace carries them.</summary>
    public ulong[]? PrefixBlockHashes { get; }

    /// <summary>Phase of its life.</summary>
    public RequestPhase Phase { get; set; } = RequestPhase.Waiting;

    /// <summary>Tokens to prefill: the prompt, plus the tokens generated so far after a recompute preemption.</summary>
    public int PromptTokens { get; set; }

    /// <summary>Prompt tokens already in the KV cache (prefilled or matched in the prefix cache).</summary>
    public int PrefilledTokens { get; set; }

    /// <summary>Prompt tokens served from the prefix cache at the last admission.</summary>
    public int CachedPromptTokens { get; set; }

    /// <summary>Output tokens generated so far.</summary>
    public int GeneratedTokens { get; set; }

    /// <summary>
    /// Prefilled prompt plus generated tokens not in the prompt: the context the next decode step attends over,
    /// counting the last generated token, whose KV that step writes.
    /// </summary>
    public int ContextTokens => PrefilledTokens + GeneratedTokens - (PromptTokens - InputTokens);

    /// <summary>When it was first admitted to a batch (end of queueing); <see cref="SimTime.MaxValue"/> until then.</summary>
    public SimTime FirstScheduled { get; set; } = SimTime.MaxValue;

    /// <summary>When its first output token was produced; <see cref="SimTime.MaxValue"/> until then.</summary>
    public SimTime FirstToken { get; set; } = SimTime.MaxValue;

    /// <summary>When its last token was produced (for inter-token latency).</summary>
    public SimTime LastToken { get; set; }

    /// <summary>When it finished or was dropped.</summary>
    public SimTime Finished { get; set; }

    /// <summary>How many times it was preempted (its KV cache freed and recomputed later).</summary>
    public int Preemptions { get; set; }

    /// <summary>How many times a lost instance handed it back to be served again from scratch.</summary>
    public int FaultRequeues { get; set; }

    /// <summary>Why it was dropped; null otherwise.</summary>
    public string? DropReason { get; set; }

    /// <summary>Index of the instance serving it (the decode instance once transferred).</summary>
    public int Instance { get; set; } = -1;

    /// <summary>Index of the prefill instance in a disaggregated deployment; -1 otherwise.</summary>
    public int PrefillInstance { get; set; } = -1;

    /// <summary>Attention data-parallel rank inside the instance.</summary>
    public int Rank { get; set; } = -1;

    /// <summary>KV-cache slot on that rank while admitted; -1 otherwise.</summary>
    public int Slot { get; set; } = -1;

    /// <summary>Tokens still to generate.</summary>
    public int RemainingOutputTokens => OutputTokens - GeneratedTokens;

    /// <summary>True while the prompt (or its recompute) is not fully in the KV cache.</summary>
    public bool NeedsPrefill => PrefilledTokens < PromptTokens;
}
