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

            batch.Decodes.Add(request);
            batch.DecodeContextTokens += request.ContextTokens;
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
