using System.Runtime.InteropServices;

namespace ClusterSim.Scheduling;

/// <summary>A prefill chunk in a step: <see cref="NewTokens"/> prompt tokens computed after <see cref="CachedTokens"/> already in the KV cache.</summary>
public readonly record struct PrefillChunk(RequestState Request, int NewTokens, int CachedTokens);

/// <summary>The work one attention data-parallel rank contributes to a step.</summary>
/// <remarks>Reused step after step: lists are cleared, never reallocated once they reach their working size.</remarks>
public sealed class RankBatch
{
    private readonly List<RequestState> _decodes = new(256);

    /// <summary>Requests generating a token this step, in the order they were added (<see cref="AddDecode"/>).</summary>
    public IReadOnlyList<RequestState> Decodes => _decodes;

    /// <summary>The decode requests as a span, for the loops that run once per request per step.</summary>
    internal ReadOnlySpan<RequestState> DecodeSpan => CollectionsMarshal.AsSpan(_decodes);

    /// <summary>Prefill chunks this step.</summary>
    public List<PrefillChunk> Prefills { get; } = new(16);

    /// <summary>Tokens each decode request feeds this step: 1, or 1 + draft length with speculative decoding.</summary>
    public int TokensPerDecode { get; set; } = 1;

    /// <summary>
    /// Sum over decode requests of their <see cref="RequestState.ContextTokens"/> when added: kept as they are added so
    /// that pricing the step needs no second pass over the requests (their context does not change before it is priced).
    /// </summary>
    public long DecodeContextTokens { get; private set; }

    /// <summary>Adds a request generating tokens this step; its context joins <see cref="DecodeContextTokens"/>.</summary>
    public void AddDecode(RequestState request)
    {
        _decodes.Add(request);
        DecodeContextTokens += request.ContextTokens;
    }

    /// <summary>Sum over prefill chunks of new tokens.</summary>
    public int PrefillTokens { get; set; }

    /// <summary>Tokens this rank feeds through the model this step (decode tokens plus prefill tokens).</summary>
    public int Tokens => _decodes.Count * TokensPerDecode + PrefillTokens;

    /// <summary>True when the rank has nothing to do this step.</summary>
    public bool IsEmpty => _decodes.Count == 0 && Prefills.Count == 0;

    /// <summary>Empties the batch for the next step.</summary>
    public void Clear()
    {
        _decodes.Clear();
        Prefills.Clear();
        DecodeContextTokens = 0;
        PrefillTokens = 0;
    }
}

/// <summary>One step of one instance: a batch per attention data-parallel rank, priced together because expert parallelism synchronises them.</summary>
public sealed class StepBatch
{
    /// <summary>A step batch for an instance with <paramref name="ranks"/> attention DP ranks.</summary>
    public StepBatch(int ranks)
    {
        Ranks = new RankBatch[ranks];
        for (var i = 0; i < ranks; i++)
        {
            Ranks[i] = new RankBatch();
        }
    }

    /// <summary>Per-rank batches.</summary>
    public RankBatch[] Ranks { get; }

    /// <summary>Tokens across all ranks: the pool-wide batch B that the experts see.</summary>
    public int TotalTokens
    {
        get
        {
            var total = 0;
            foreach (var r in Ranks)
            {
                total += r.Tokens;
            }

            return total;
        }
    }

    /// <summary>Decode requests across all ranks.</summary>
    public int TotalDecodes
    {
        get
        {
            var total = 0;
            foreach (var r in Ranks)
            {
                total += r.DecodeSpan.Length;
            }

            return total;
        }
    }

    /// <summary>True when no rank has work.</summary>
    public bool IsEmpty
    {
        get
        {
            foreach (var r in Ranks)
            {
                if (!r.IsEmpty)
                {
                    return false;
                }
            }

            return true;
        }
    }

    /// <summary>Empties every rank's batch.</summary>
    public void Clear()
    {
        foreach (var r in Ranks)
        {
            r.Clear();
        }
    }
}
