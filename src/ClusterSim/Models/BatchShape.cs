namespace ClusterSim.Models;

/// <summary>
/// Attention work of a group of requests in one step, summarised so no per-token data is needed.
/// </summary>
/// <remarks>
/// A "pair" is one query token attending to one key token. Decode contributes L pairs and L KV tokens per
/// request (L counts the new token); a prefill chunk of n new tokens after p cached contributes
/// n·p + n(n+1)/2 pairs (causal) and p + n KV tokens. The windowed sums replace every key range by at most
/// the sliding window and are used by sliding-window layers.
/// </remarks>
/// <param name="Requests">Requests in the group.</param>
/// <param name="Tokens">Query tokens (new tokens) in the step.</param>
/// <param name="Pairs">Query-key pairs under full causal attention.</param>
/// <param name="WindowedPairs">Query-key pairs under the sliding window.</param>
/// <param name="KvTokens">Context tokens whose keys/values are read once (full attention).</param>
/// <param name="WindowedKvTokens">Context tokens read under the sliding window.</param>
public readonly record struct AttentionWork(
    long Requests,
    long Tokens,
    long Pairs,
    long WindowedPairs,
    long KvTokens,
    long WindowedKvTokens)
{
    /// <summary>True when the group is empty.</summary>
    public bool IsEmpty => Tokens == 0;

    /// <summary>
    /// Decode of <paramref name="requests"/> requests whose context lengths (including the new token) sum to
    /// <paramref name="contextTokens"/>; <paramref name="windowedContextTokens"/> is Σ min(L, window).
    /// </summary>
    public static AttentionWork Decode(long requests, long contextTokens, long windowedContextTokens) =>
        new(requests, requests, contextTokens, windowedContextTokens, contextTokens, windowedContextTokens);

    /// <summary>Decode of one request at context length L (including the new token).</summary>
    public static AttentionWork DecodeOne(long contextTokens, int slidingWindow) =>
        Decode(1, contextTokens, slidingWindow > 0 ? Math.Min(contextTokens, slidingWindow) : contextTokens);

    /// <summary>A prefill chunk of <paramref name="newTokens"/> after <paramref name="cachedTokens"/> already cached.</summary>
    public static AttentionWork PrefillChunk(long newTokens, long cachedTokens, int slidingWindow)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(newTokens);
        ArgumentOutOfRangeException.ThrowIfNegative(cachedTokens);
        var n = newTokens;
        var p = cachedTokens;
        var pairs = (n * p) + (n * (n + 1) / 2);
        var kv = p + n;
        if (slidingWindow <= 0)
        {
            return new AttentionWork(1, n, pairs, pairs, kv, kv);
        }

        // Query at absolute position j sees min(j + 1, w) keys; sum x = min(j+1, w) for j+1 from p+1 to p+n.
        long w = slidingWindow;
        var first = p + 1;
        var last = p + n;
        long windowedPairs;
        if (n == 0)
        {
            windowedPairs = 0;
        }
        else if (last <= w)
        {
            windowedPairs = (first + last) * n / 2;
        }
        else if (first > w)
        {
            windowedPairs = n * w;
        }
        else
        {
            windowedPairs = ((first + w) * (w - first + 1) / 2) + ((last - w) * w);
        }

        var windowedKv = n == 0 ? 0 : Math.Min(p + n, n + w - 1);
        return new AttentionWork(1, n, pairs, windowedPairs, kv, windowedKv);
    }

    /// <summary>Sums two groups.</summary>
    public static AttentionWork operator +(AttentionWork a, AttentionWork b) => new(
        a.Requests + b.Requests,
        a.Tokens + b.Tokens,
        a.Pairs + b.Pairs,
        a.WindowedPairs + b.WindowedPairs,
        a.KvTokens + b.KvTokens,
        a.WindowedKvTokens + b.WindowedKvTokens);

    /// <summary>Sums two groups (named alternative to the operator).</summary>
    public static AttentionWork Add(AttentionWork left, AttentionWork right) => left + right;
}

/// <summary>
/// One step's batch on one attention rank: prefill chunks and decode requests, kept apart because MLA may
/// be evaluated differently in each, plus the tokens that produce logits.
/// </summary>
/// <param name="Prefill">All prefill chunks of the step.</param>
/// <param name="Decode">All decode requests of the step.</param>
/// <param name="LogitTokens">Tokens that need logits (decode requests plus prefill chunks that finish a prompt).</param>
public readonly record struct BatchShape(AttentionWork Prefill, AttentionWork Decode, long LogitTokens)
{
    /// <summary>New tokens through the dense parts of the model.</summary>
    public long Tokens => Prefill.Tokens + Decode.Tokens;

    /// <summary>A pure decode step of B requests at the same context length L (for analysis).</summary>
    public static BatchShape UniformDecode(long requests, long contextTokens, int slidingWindow)
    {
        var windowed = slidingWindow > 0 ? Math.Min(contextTokens, slidingWindow) : contextTokens;
        return new BatchShape(default, AttentionWork.Decode(requests, requests * contextTokens, requests * windowed), requests);
    }

    /// <summary>A pure prefill step of one whole prompt of n tokens.</summary>
    public static BatchShape SinglePrefill(long promptTokens, int slidingWindow) =>
        new(AttentionWork.PrefillChunk(promptTokens, 0, slidingWindow), default, 1);
}
