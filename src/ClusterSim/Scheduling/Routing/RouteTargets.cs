namespace ClusterSim.Scheduling.Routing;

/// <summary>Helpers that number a pool's (instance, rank) pairs 0..n-1 in instance-major order.</summary>
public static class RouteTargets
{
    /// <summary>The number of (instance, rank) pairs in the pool.</summary>
    public static int Count(IRoutingView pool)
    {
        ArgumentNullException.ThrowIfNull(pool);
        var total = 0;
        for (var i = 0; i < pool.InstanceCount; i++)
        {
            total += pool.RanksOf(i).Count;
        }

        return total;
    }

    /// <summary>The pair numbered <paramref name="index"/>.</summary>
    public static RouteTarget At(IRoutingView pool, int index)
    {
        ArgumentNullException.ThrowIfNull(pool);
        var left = index;
        for (var i = 0; i < pool.InstanceCount; i++)
        {
            var ranks = pool.RanksOf(i).Count;
            if (left < ranks)
            {
                return new RouteTarget(i, left);
            }

            left -= ranks;
        }

        throw new ArgumentOutOfRangeException(nameof(index), index, "past the last rank of the pool");
    }

    /// <summary>The rank a target names.</summary>
    public static AttentionRank RankOf(IRoutingView pool, RouteTarget target)
    {
        ArgumentNullException.ThrowIfNull(pool);
        return pool.RanksOf(target.Instance)[target.Rank];
    }
}
