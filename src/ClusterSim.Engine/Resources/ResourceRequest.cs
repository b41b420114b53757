namespace ClusterSim.Engine;

/// <summary>A request for one unit of a resource; succeeds when the unit is granted. Release it when done.</summary>
public sealed class ResourceRequest : Event
{
    internal ResourceRequest(ResourceBase resource, int priority, bool preempt, long sequence)
        : base(resource.Simulation)
    {
        Resource = resource;
        Priority = priority;
        Preempt = preempt;
        Sequence = sequence;
        Owner = resource.Simulation.ActiveProcess;
        RequestedAt = resource.Simulation.Now;
    }

    /// <summary>The resource asked for.</summary>
    public ResourceBase Resource { get; }

    /// <summary>Lower is served first.</summary>
    public int Priority { get; }

    /// <summary>Whether this request may preempt a user of a preemptive resource.</summary>
    public bool Preempt { get; }

    /// <summary>The process that asked (interrupted on preemption), or null when asked from a callback.</summary>
    public Process? Owner { get; }

    /// <summary>When the request was made.</summary>
    public SimTime RequestedAt { get; }

    /// <summary>When the unit was granted (valid once the request succeeded).</summary>
    public SimTime GrantedAt { get; internal set; }

    internal long Sequence { get; }

    internal bool Withdrawn { get; set; }

    internal bool Holding { get; set; }

    /// <summary>Releases the unit (or withdraws the request if still queued).</summary>
    public void Release() => Resource.Release(this);
}

/// <summary>The interrupt cause given to a process whose resource unit was taken by a more urgent request.</summary>
/// <param name="By">The request that took the unit.</param>
/// <param name="Request">The preempted process's own request, no longer holding the unit.</param>
/// <param name="UsageSince">When the preempted process had been granted the unit.</param>
public sealed record Preempted(ResourceRequest By, ResourceRequest Request, SimTime UsageSince);
