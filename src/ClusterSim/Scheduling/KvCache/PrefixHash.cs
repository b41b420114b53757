namespace ClusterSim.Scheduling.KvCache;

/// <summary>Chains per-block content hashes into prefix keys, so a key identifies a block and everything before it.</summary>
/// <remarks>
/// Traces such as Mooncake already give prefix-unique ids, but a synthetic workload may hand us plain content hashes;
/// chaining makes matching correct in both cases (the same block after a different prefix is a different key).
/// </remarks>
internal static class PrefixHash
{
    /// <summary>The key of the empty prefix.</summary>
    public const ulong Root = 0xCBF2_9CE4_8422_2325UL;

    /// <summary>The key of the prefix ending in a block whose content hash is <paramref name="blockHash"/>.</summary>
    public static ulong Chain(ulong parentKey, ulong blockHash)
    {
        // SplitMix64 finalizer over a combination that is not symmetric in its two inputs.
        ulong z = parentKey ^ ((blockHash + 0x9E37_79B9_7F4A_7C15UL) * 0xBF58_476D_1CE4_E5B9UL);
        z = (z ^ (z >> 30)) * 0xBF58_476D_1CE4_E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D0_49BB_1331_11EBUL;
        return z ^ (z >> 31);
    }
}
