using ClusterSim.Engine;

namespace ClusterSim.Scheduling;

/// <summary>The building blocks every batch policy composes: schedule decodes, continue prefills, admit new prompts.</summary>
public static class BatchPolicySteps
{
    /// <summary>Adds every running decode request that fits the budget, preempting by recompute when KV runs out.</summary>
    /// <returns>The budget left.</returns>
    public static int ScheduleDecodes(AttentionRank rank, RankBatch batch, int budget, int tokensPerDecode)
    {
        batch.TokensPerDecode = tokensPerDecode;
        var running = rank.Running;
        for (var i = 0; i < running.Count && budget >= tokensPerDecode; i++)
        {
            var request = running[i];
            if (request.Phase != RequestPhase.Decode)
            {
                continue;
            }

            // Preemption removes victims from the end of the running list, never before index i unless it is
            // the request itself; then the loop index already points past the end or at the next request.
            if (!rank.EnsureRoom(request, tokensPerDecode))
            {
                break;
            }

            batch.AddDecode(request);
            budget -= tokensPerDecode;
        }

        return budget;
    }

    /// <summary>Continues the prompts of admitted requests still prefilling, oldest first, as chunks within the budget.</summary>
    /// <returns>The budget left.</returns>
    public static int ContinuePrefills(AttentionRank rank, RankBatch batch, int budget)
    {
        var running = rank.Running;
        for (var i = 0; i < running.Count && budget > 0; i++)
        {
            var request = running[i];
            if (request.Phase == RequestPhase.Prefill && !IsInBatch(batch, request))
            {
                budget = AddChunk(batch, request, budget);
            }
        }

        return budget;
    }

    /// <summary>Admits waiting requests in queue order while slots, KV blocks and budget allow, each with its first chunk.</summary>
    /// <returns>The budget left.</returns>
    public static int AdmitWaiting(AttentionRank rank, RankBatch batch, int budget, SimTime now)
    {
        while (budget > 0 && rank.TryAdmitNext(now) is { } admitted)
        {
            if (admitted.Phase == RequestPhase.Prefill)
            {
                budget = AddChunk(batch, admitted, budget);
            }
        }

        return budget;
    }

    /// <summary>Continues running prompts still to prefill, each whole (no chunking), while they fit the budget.</summary>
    /// <returns>The budget left.</returns>
    public static int ContinuePrefillsWhole(AttentionRank rank, RankBatch batch, int budget, int maxBatchTokens)
    {
        var running = rank.Running;
        for (var i = 0; i < running.Count; i++)
        {
            var request = running[i];
            if (request.Phase != RequestPhase.Prefill || IsInBatch(batch, request))
            {
                continue;
            }

            if (!FitsWhole(batch, request.PromptTokens - request.PrefilledTokens, budget, maxBatchTokens))
            {
                break;
            }

            budget = AddWholePrompt(batch, request, budget);
        }

        return budget;
    }

    /// <summary>
    /// True when a prompt of <paramref name="promptTokens"/> may be prefilled whole in this step: it fits the budget
    /// left, or it is longer than any budget and the step has no other prefill yet (so it can never starve).
    /// </summary>
    public static bool FitsWhole(RankBatch batch, int promptTokens, int budget, int maxBatchTokens) =>
        promptTokens <= budget || (promptTokens > maxBatchTokens && batch.Prefills.Count == 0);

    /// <summary>Adds the whole rest of an admitted request's prompt as one chunk.</summary>
    /// <returns>The budget left (never below zero).</returns>
    public static int AddWholePrompt(RankBatch batch, RequestState request, int budget)
    {
        var tokens = request.PromptTokens - request.PrefilledTokens;
        if (tokens <= 0)
        {
            return budget;
        }

        batch.Prefills.Add(new PrefillChunk(request, tokens, request.PrefilledTokens));
        batch.PrefillTokens += tokens;
        return Math.Max(0, budget - tokens);
    }

    /// <summary>
    /// Admits waiting requests in the order <paramref name="pickNext"/> chooses (it returns a queue index), each
    /// with its first chunk, while slots, KV blocks and budget allow. Admission stops at the first chosen request
    /// that cannot be admitted, so a request the order favours is never overtaken by a cheaper one.
    /// </summary>
    /// <returns>The budget left.</returns>
    public static int AdmitWaitingInOrder(AttentionRank rank, RankBatch batch, int budget, SimTime now, Func<RequestQueue, SimTime, int> pickNext)
    {
        while (budget > 0 && rank.Waiting.Count > 0 && rank.HasFreeSlot)
        {
            var index = pickNext(rank.Waiting, now);
            if (index > 0)
            {
                // The chosen request moves to the front; the order of the others is kept.
                rank.Waiting.PushFront(rank.Waiting.RemoveAt(index));
            }

            if (rank.TryAdmitNext(now) is not { } admitted)
            {
                break;
            }

            if (admitted.Phase == RequestPhase.Prefill)
            {
                budget = AddChunk(batch, admitted, budget);
            }
        }

        return budget;
    }

    private static int AddChunk(RankBatch batch, RequestState request, int budget)
    {
        var chunk = Math.Min(request.PromptTokens - request.PrefilledTokens, budget);
        if (chunk <= 0)
        {
            return budget;
        }

        batch.Prefills.Add(new PrefillChunk(request, chunk, request.PrefilledTokens));
        batch.PrefillTokens += chunk;
        return budget - chunk;
    }

    private static bool IsInBatch(RankBatch batch, RequestState request)
    {
        foreach (var chunk in batch.Prefills)
        {
            if (ReferenceEquals(chunk.Request, request))
            {
                return true;
            }
        }

        return false;
    }
}
