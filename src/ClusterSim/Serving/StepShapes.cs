using System.Runtime.InteropServices;
using ClusterSim.Models;
using ClusterSim.Scheduling;

namespace ClusterSim.Serving;

/// <summary>Turns a rank's batch into the attention-work summary the operator cost model prices.</summary>
public static class StepShapes
{
    /// <summary>
    /// The shape of <paramref name="batch"/>: prefill chunks as causal query-key pairs after their cached prefix, and
    /// decode requests each feeding <see cref="RankBatch.TokensPerDecode"/> tokens (the last generated token plus
    /// drafts) against their context, which includes those tokens. <paramref name="slidingWindow"/> caps the windowed sums; 0 for none.
    /// </summary>
    public static BatchShape Of(RankBatch batch, int slidingWindow)
    {
        var prefill = default(AttentionWork);
        long logitTokens = 0;
        foreach (var chunk in CollectionsMarshal.AsSpan(batch.Prefills))
        {
            prefill += AttentionWork.PrefillChunk(chunk.NewTokens, chunk.CachedTokens, slidingWindow);
            if (chunk.CachedTokens + chunk.NewTokens >= chunk.Request.PromptTokens)
            {
                // Only the chunk that completes a prompt samples a token.
                logitTokens++;
            }
        }

        long t = batch.TokensPerDecode;
        var decodes = batch.DecodeSpan;
        long requests = decodes.Length;
        // ContextTokens counts the last generated token, which is among the t tokens fed this step: each request
        // attends over ContextTokens + t - 1. Without a window the sum is the batch's running context sum, exactly.
        var context = batch.DecodeContextTokens + (requests * (t - 1));
        var windowed = context;
        if (slidingWindow > 0)
        {
            windowed = 0;
            foreach (var request in decodes)
            {
                windowed += Math.Min(request.ContextTokens + t - 1, slidingWindow);
            }
        }

        var decode = requests == 0
            ? default
            : new AttentionWork(requests, requests * t, t * context, t * windowed, context, windowed);
        return new BatchShape(prefill, decode, logitTokens + (requests * t));
    }

    /// <summary>A shape with every count scaled by <paramref name="fraction"/> (one micro-batch of several).</summary>
    public static BatchShape Scale(in BatchShape shape, double fraction)
    {
        if (fraction == 1)
        {
            return shape;
        }

        static long S(long v, double f) => (long)Math.Ceiling(v * f);
        static AttentionWork W(in AttentionWork w, double f) =>
            new(S(w.Requests, f), S(w.Tokens, f), S(w.Pairs, f), S(w.WindowedPairs, f), S(w.KvTokens, f), S(w.WindowedKvTokens, f));
        return new BatchShape(W(shape.Prefill, fraction), W(shape.Decode, fraction), S(shape.LogitTokens, fraction));
    }
}
