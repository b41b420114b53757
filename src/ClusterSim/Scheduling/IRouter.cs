namespace ClusterSim.Scheduling;

/// <summary>A place to send a request: an instance and one of its attention data-parallel ranks.</summary>
public readonly record struct RouteTarget(int Instance, int Rank);

/// <summary>What a router may look at: per-rank queues, running sets, load and KV caches.</summary>
public interface IRoutingView
{
    /// <summary>Instances in the pool.</summary>
    int InstanceCount { get; }

    /// <summary>Attention ranks of an instance.</summary>
    IReadOnlyList<AttentionRank> RanksOf(int instance);

    /// <summary>
    /// <see cref="AttentionRank.OutstandingTokens"/> of each rank of an instance, in rank order. Default: copied from
    /// <see cref="RanksOf"/> (allocates); a serving pool returns its instance's shared array (<see cref="SharedRankLoads"/>).
    /// </summary>
    ReadOnlySpan<long> LoadsOf(int instance)
    {
        var ranks = RanksOf(instance);
        var loads = new long[ranks.Count];
        for (var r = 0; r < loads.Length; r++)
        {
            loads[r] = ranks[r].OutstandingTokens;
        }

        return loads;
    }
}

/// <summary>
/// Chooses the instance and attention rank for a request entering a pool. Routers are chosen by name in the
/// scenario (<c>scheduler.router</c>); each pool gets its own router object.
/// </summary>
public interface IRouter
{
    /// <summary>The name used in scenario files.</summary>
    string Name { get; }

    /// <summary>Picks where <paramref name="request"/> goes.</summary>
    RouteTarget Route(RequestState request, IRoutingView pool);
}
