using ClusterSim.Engine;

namespace ClusterSim.Workloads;

/// <summary>One request as a workload source emits it: when it arrives and how many tokens it reads and writes.</summary>
/// <param name="Id">Sequence number in emission order, starting at 0.</param>
/// <param name="Arrival">Arrival instant, relative to the start of the run.</param>
/// <param name="InputTokens">Prompt (context) tokens, at least 1.</param>
/// <param name="OutputTokens">Generated tokens, at least 1.</param>
/// <param name="PrefixBlockHashes">
/// Hashes of the prompt's 512-token blocks (Mooncake <c>hash_ids</c>); equal hashes mean a shared prefix.
/// Null when the source has no such information.
/// </param>
public readonly record struct RequestArrival(
    long Id,
    SimTime Arrival,
    int InputTokens,
    int OutputTokens,
    ulong[]? PrefixBlockHashes)
{
    /// <summary>Tokens per prefix block in <see cref="PrefixBlockHashes"/> (Mooncake's block size).</summary>
    public const int PrefixBlockTokens = 512;
}
