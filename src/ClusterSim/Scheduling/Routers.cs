namespace ClusterSim.Scheduling;

/// <summary>Cycles through every (instance, rank) pair in order.</summary>
public sealed class RoundRobinRouter : IRouter
{
    private int _instance;
    private int _rank;

    /// <inheritdoc />
    public string Name => "round-robin";

    /// <inheritdoc />
    public RouteTarget Route(RequestState request, IRoutingView pool)
    {
        if (_instance >= pool.InstanceCount)
        {
            _instance = 0;
        }

        var target = new RouteTarget(_instance, _rank);
        _rank++;
        if (_rank >= pool.RanksOf(_instance).Count)
        {
            _rank = 0;
            _instance++;
        }

        return target;
    }
}

/// <summary>Sends each request to the rank with the fewest outstanding tokens (prompt left plus output left).</summary>
public sealed class LeastOutstandingTokensRouter : IRouter
{
    /// <inheritdoc />
    public string Name => "least-tokens";

    /// <inheritdoc />
    public RouteTarget Route(RequestState request, IRoutingView pool)
    {
        var best = new RouteTarget(0, 0);
        var bestLoad = long.MaxValue;
        for (var i = 0; i < pool.InstanceCount; i++)
        {
            // One instance's loads side by side: the scan reads consecutive numbers, not one rank object after another.
            var loads = pool.LoadsOf(i);
            for (var r = 0; r < loads.Length; r++)
            {
                // Strictly smaller keeps the first of equals: deterministic, independent of hashing.
                if (loads[r] < bestLoad)
                {
                    bestLoad = loads[r];
                    best = new RouteTarget(i, r);
                }
            }
        }

        return best;
    }
}

/// <summary>
/// Prefix-aware (KV-aware) routing: the rank whose prefix cache already holds the longest prefix of the prompt,
/// ties broken by fewest outstanding tokens; requests without prefix hashes fall back to least tokens.
/// </summary>
public sealed class PrefixAwareRouter : IRouter
{
    private readonly LeastOutstandingTokensRouter _fallback = new();

    /// <inheritdoc />
    public string Name => "prefix-aware";

    /// <inheritdoc />
    public RouteTarget Route(RequestState request, IRoutingView pool)
    {
        if (request.PrefixBlockHashes is not { Length: > 0 } hashes)
        {
            return _fallback.Route(request, pool);
        }

        var best = new RouteTarget(0, 0);
        var bestCached = -1;
        var bestLoad = long.MaxValue;
        for (var i = 0; i < pool.InstanceCount; i++)
        {
            var ranks = pool.RanksOf(i);
            for (var r = 0; r < ranks.Count; r++)
            {
                var cached = ranks[r].KvCache.CachedTokensFor(request.PromptTokens, hashes);
                var load = ranks[r].OutstandingTokens;
                if (cached > bestCached || (cached == bestCached && load < bestLoad))
                {
                    bestCached = cached;
                    bestLoad = load;
                    best = new RouteTarget(i, r);
                }
            }
        }

        return best;
    }
}
