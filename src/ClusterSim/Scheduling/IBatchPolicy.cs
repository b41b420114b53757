using ClusterSim.Engine;

namespace ClusterSim.Scheduling;

/// <summary>The per-step limits a batch policy works within.</summary>
/// <param name="MaxBatchTokens">Token budget of one rank's step (decode tokens plus prefill chunk tokens).</param>
/// <param name="TokensPerDecode">Tokens a decode request feeds per step: 1, or 1 + draft length with speculative decoding.</param>
public readonly record struct BatchLimits(int MaxBatchTokens, int TokensPerDecode);

/// <summary>
/// A batch-formation policy: chooses, for one attention rank and one step, which running requests decode, which
/// prompts are prefilled and by how much, and which waiting requests are admitted. Policies are chosen by name in
/// the scenario (<c>scheduler.policy</c>); see docs/scheduling.md for how to add one.
/// </summary>
public interface IBatchPolicy
{
    /// <summary>The name used in scenario files.</summary>
    string Name { get; }

    /// <summary>Fills <paramref name="batch"/> for the next step of <paramref name="rank"/>.</summary>
    void Form(AttentionRank rank, RankBatch batch, in BatchLimits limits, SimTime now);
}
