namespace ClusterSim.Scheduling.Routing;

/// <summary>
/// Prefix affinity: requests that share their first prefix block go to the same "home" rank (the first block hash
/// modulo the number of ranks), so their shared prefix is cached once; when the home rank is overloaded, or the
/// request has no prefix hashes, the request goes to the rank with the fewest outstanding tokens instead.
/// </summary>
/// <remarks>
/// Overloaded means more than <see cref="MaxImbalanceTokens"/> outstanding tokens above the least-loaded rank
/// (default 32,768, about a dozen typical prompts): affinity must not turn one popular system prompt into a hot spot.
/// Unlike <see cref="PrefixAwareRouter"/>, it needs no look-up in every rank's cache, only a hash.
/// </remarks>
public sealed class PrefixAffinityRouter : IRouter
{
    /// <summary>The scenario name.</summary>
    public const string RouterName = "prefix-affinity";

    /// <summary>Default imbalance allowed before affinity yields to load.</summary>
    public const long DefaultMaxImbalanceTokens = 32_768;

    private readonly LeastOutstandingTokensRouter _leastLoad = new();

    /// <summary>A router allowing <paramref name="maxImbalanceTokens"/> of extra load on a home rank.</summary>
    public PrefixAffinityRouter(long maxImbalanceTokens = DefaultMaxImbalanceTokens)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxImbalanceTokens);
        MaxImbalanceTokens = maxImbalanceTokens;
    }

    /// <summary>Outstanding tokens a home rank may carry above the least-loaded rank.</summary>
    public long MaxImbalanceTokens { get; }

    /// <inheritdoc />
    public string Name => RouterName;

    /// <inheritdoc />
    public RouteTarget Route(RequestState request, IRoutingView pool)
    {
        ArgumentNullException.ThrowIfNull(request);
        var least = _leastLoad.Route(request, pool);
        if (request.PrefixBlockHashes is not { Length: > 0 } hashes)
        {
            return least;
        }

        var home = RouteTargets.At(pool, (int)(hashes[0] % (ulong)RouteTargets.Count(pool)));
        var homeLoad = RouteTargets.RankOf(pool, home).OutstandingTokens;
        var leastLoad = RouteTargets.RankOf(pool, least).OutstandingTokens;
        return homeLoad - leastLoad > MaxImbalanceTokens ? least : home;
    }
}
