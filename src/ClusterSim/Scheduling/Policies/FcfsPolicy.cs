using ClusterSim.Engine;

namespace ClusterSim.Scheduling.Policies;

/// <summary>
/// First-come first-served continuous batching without chunking (Orca-style iteration-level scheduling): every
/// running request decodes, then waiting prompts are admitted in arrival order, each prefilled whole in one step.
/// </summary>
/// <remarks>
/// A prompt joins the step only if its whole length fits the token budget left; the first that does not fit stops
/// admission (strict FCFS, no overtaking). A prompt longer than the whole budget runs alone in a step of its own so
/// that it is never stuck behind its own length.
/// </remarks>
public sealed class FcfsPolicy : IBatchPolicy
{
    /// <summary>The scenario name.</summary>
    public const string PolicyName = "fcfs";

    /// <inheritdoc />
    public string Name => PolicyName;

    /// <inheritdoc />
    public void Form(AttentionRank rank, RankBatch batch, in BatchLimits limits, SimTime now)
    {
        var budget = BatchPolicySteps.ScheduleDecodes(rank, batch, limits.MaxBatchTokens, limits.TokensPerDecode);
        budget = BatchPolicySteps.ContinuePrefillsWhole(rank, batch, budget, limits.MaxBatchTokens);
        while (rank.Waiting.Count > 0)
        {
            var next = rank.Waiting.Peek();
            // On a decode rank a request arrives prefilled (unless it was preempted there): no prompt work to fit.
            var prompt = rank.DecodeOnly && next.Preemptions == 0 ? 0 : next.PromptTokens;
            if (!BatchPolicySteps.FitsWhole(batch, prompt, budget, limits.MaxBatchTokens))
            {
                break;
            }

            if (rank.TryAdmitNext(now) is not { } admitted)
            {
                break;
            }

            if (admitted.Phase == RequestPhase.Prefill)
            {
                budget = BatchPolicySteps.AddWholePrompt(batch, admitted, budget);
            }
        }
    }
}
