using ClusterSim.Engine.Random;

namespace ClusterSim.Scheduling.Routing;

/// <summary>
/// Power of two choices (Mitzenmacher): draws two distinct ranks uniformly from its own seeded stream and sends the
/// request to the one with fewer outstanding tokens (the first drawn on a tie). Nearly as balanced as least-load
/// while looking at two ranks instead of all, which is why large deployments use it.
/// </summary>
public sealed class PowerOfTwoChoicesRouter : IRouter
{
    /// <summary>The scenario name.</summary>
    public const string RouterName = "power-of-two";

    private readonly RandomStream _random;

    /// <summary>A router drawing from the stream "router.POOL" of the run seed (independent of the workload's streams).</summary>
    public PowerOfTwoChoicesRouter(RouterContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _random = RandomStream.ForComponent(context.Seed, context.StreamName);
    }

    /// <inheritdoc />
    public string Name => RouterName;

    /// <inheritdoc />
    public RouteTarget Route(RequestState request, IRoutingView pool)
    {
        var total = RouteTargets.Count(pool);
        if (total == 1)
        {
            return new RouteTarget(0, 0);
        }

        var first = _random.NextInt(total);
        // The second draw skips the first, so the two choices are distinct and still uniform.
        var second = _random.NextInt(total - 1);
        if (second >= first)
        {
            second++;
        }

        var a = RouteTargets.At(pool, first);
        var b = RouteTargets.At(pool, second);
        return RouteTargets.RankOf(pool, b).OutstandingTokens < RouteTargets.RankOf(pool, a).OutstandingTokens ? b : a;
    }
}
