namespace ClusterSim.Scheduling.KvCache;

/// <summary>Counters of one prefix cache since it was created (a snapshot; the cache keeps counting).</summary>
/// <remarks>
/// Only successful admissions count as lookups: a request refused for lack of blocks is retried later and would
/// otherwise be counted once per attempt. A request preempted and admitted again counts again, as it really
/// looks the cache up again. While prefix caching is on, an admission without hashes counts as a lookup that
/// missed, so the token hit rate stays hit tokens over all admitted prompt tokens.
/// </remarks>
/// <param name="Lookups">Admissions made while prefix caching was enabled.</param>
/// <param name="LookupsWithHit">Admissions that reused at least one cached hash block.</param>
/// <param name="PromptTokens">Prompt tokens of those admissions.</param>
/// <param name="HitTokens">Prompt tokens served from the cache (no prefill compute needed).</param>
/// <param name="EvictedHashBlocks">Cached hash blocks evicted to make room.</param>
/// <param name="EvictedBlocks">Engine KV blocks freed by those evictions.</param>
public readonly record struct PrefixCacheStatistics(
    long Lookups,
    long LookupsWithHit,
    long PromptTokens,
    long HitTokens,
    long EvictedHashBlocks,
    long EvictedBlocks)
{
    /// <summary>Hit tokens over prompt tokens, in [0, 1]; 0 before the first lookup.</summary>
    public double TokenHitRate => PromptTokens == 0 ? 0.0 : (double)HitTokens / PromptTokens;

    /// <summary>Share of lookups that reused at least one block, in [0, 1]; 0 before the first lookup.</summary>
    public double RequestHitRate => Lookups == 0 ? 0.0 : (double)LookupsWithHit / Lookups;
}
