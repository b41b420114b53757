namespace ClusterSim.Scheduling.Routing;

/// <summary>
/// KV-aware routing: the rank with the most free KV blocks once the prompts already waiting there are counted
/// against it; ties go to fewer outstanding tokens, then to the lower index.
/// </summary>
/// <remarks>
/// Free blocks only change when a step admits or finishes requests, so counting raw free blocks would send every
/// arrival between two steps to the same rank; subtracting the blocks the waiting prompts will claim avoids that herd.
/// </remarks>
public sealed class KvAwareRouter : IRouter
{
    /// <summary>The scenario name.</summary>
    public const string RouterName = "kv-aware";

    /// <inheritdoc />
    public string Name => RouterName;

    /// <inheritdoc />
    public RouteTarget Route(RequestState request, IRoutingView pool)
    {
        ArgumentNullException.ThrowIfNull(pool);
        var best = new RouteTarget(0, 0);
        var bestFree = long.MinValue;
        var bestLoad = long.MaxValue;
        for (var i = 0; i < pool.InstanceCount; i++)
        {
            var ranks = pool.RanksOf(i);
            for (var r = 0; r < ranks.Count; r++)
            {
                var free = EffectiveFreeBlocks(ranks[r]);
                var load = ranks[r].OutstandingTokens;
                if (free > bestFree || (free == bestFree && load < bestLoad))
                {
                    bestFree = free;
                    bestLoad = load;
                    best = new RouteTarget(i, r);
                }
            }
        }

        return best;
    }

    /// <summary>Free KV blocks of a rank minus the blocks its waiting prompts need (may be negative).</summary>
    public static long EffectiveFreeBlocks(AttentionRank rank)
    {
        ArgumentNullException.ThrowIfNull(rank);
        long free = rank.KvCache.FreeBlocks;
        var waiting = rank.Waiting;
        for (var w = 0; w < waiting.Count; w++)
        {
            free -= rank.KvCache.BlocksNeeded(waiting[w].PromptTokens);
        }

        return free;
    }
}
