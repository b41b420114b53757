using ClusterSim.Scheduling;

namespace ClusterSim.Serving;

/// <summary>A pool of instances of one role (serving, prefill or decode) with its router.</summary>
public sealed class ServingPool : IRoutingView
{
    /// <summary>A pool over its instances.</summary>
    public ServingPool(string name, InstanceRole role, IReadOnlyList<ServingInstance> instances, IRouter router, int acceleratorsPerInstance)
    {
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

    /// <inheritdoc />
    public int InstanceCount => Instances.Count;

    /// <inheritdoc />
    public IReadOnlyList<AttentionRank> RanksOf(int instance) => Instances[instance].Ranks;

    /// <summary>Routes a request and hands it to the chosen instance.</summary>
    public void Admit(RequestState request)
    {
        var target = Router.Route(request, this);
        Instances[target.Instance].Enqueue(request, target.Rank);
    }
}
