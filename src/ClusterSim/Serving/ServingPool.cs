using ClusterSim.Scheduling;

namespace ClusterSim.Serving;

/// <summary>A pool of instances of one role (serving, prefill or decode) with its router.</summary>
public sealed class ServingPool : IRoutingView
{
    private readonly List<int> _available;

    /// <summary>A pool over its instances.</summary>
    public ServingPool(string name, InstanceRole role, IReadOnlyList<ServingInstance> instances, IRouter router, int acceleratorsPerInstance)
    {
        _available = Enumerable.Range(0, instances.Count).ToList();
        Name = name;
        Role = role;
        Instances = instances;
        Router = router;
        AcceleratorsPerInstance = acceleratorsPerInstance;
    }

    /// <summary>The pool's name in the scenario (serving, prefill, decode).</summary>
    public string Name { get; }

    /// <summary>The role of its instances.</summary>
    public InstanceRole Role { get; }

    /// <summary>Its instances.</summary>
    public IReadOnlyList<ServingInstance> Instances { get; }

    /// <summary>Chooses an instance and rank for each request entering the pool.</summary>
    public IRouter Router { get; }

    /// <summary>Accelerators in each instance.</summary>
    public int AcceleratorsPerInstance { get; }

    /// <summary>Accelerators in the pool.</summary>
    public int Accelerators => AcceleratorsPerInstance * Instances.Count;

    /// <summary>Instances still serving (routers see only these).</summary>
    public int InstanceCount => _available.Count;

    /// <summary>Ranks of the <paramref name="instance"/>-th instance still serving.</summary>
    public IReadOnlyList<AttentionRank> RanksOf(int instance) => Instances[_available[instance]].Ranks;

    /// <summary>Outstanding tokens of each rank of the <paramref name="instance"/>-th instance still serving, side by side.</summary>
    public ReadOnlySpan<long> LoadsOf(int instance) => Instances[_available[instance]].RankLoads;

    /// <summary>Chooses an instance still serving and a rank; the target's instance is the index in <see cref="Instances"/>.</summary>
    public RouteTarget Route(RequestState request)
    {
        if (_available.Count == 0)
        {
            throw new InvalidOperationException($"pool {Name} has no instance left to route to");
        }

        var target = Router.Route(request, this);
        return target with { Instance = _available[target.Instance] };
    }

    /// <summary>Routes a request and hands it to the chosen instance.</summary>
    public void Admit(RequestState request)
    {
        var target = Route(request);
        Instances[target.Instance].Enqueue(request, target.Rank);
    }

    /// <summary>Takes an instance out of routing (it was lost).</summary>
    public void Remove(int instance) => _available.Remove(instance);
}
