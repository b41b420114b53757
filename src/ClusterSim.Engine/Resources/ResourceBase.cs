using ClusterSim.Engine.Monitoring;

namespace ClusterSim.Engine;

/// <summary>
/// A pool of identical units (servers, slots, GPUs) that processes request, hold and release; the shared
/// machinery of <see cref="Resource"/>, <see cref="PriorityResource"/> and <see cref="PreemptiveResource"/>.
/// </summary>
/// <remarks>
/// Waiting requests are served by (priority, arrival order): plain FIFO when every priority is equal.
/// Statistics are time-weighted: <see cref="QueueLength"/> counts waiting requests, <see cref="Busy"/>
/// counts units in use; utilization is the mean of Busy over the capacity.
/// </remarks>
public abstract class ResourceBase
{
    private readonly PriorityQueue<ResourceRequest, (int Priority, long Sequence)> _waiting = new();
    private readonly List<ResourceRequest> _users = [];
    private long _nextSequence;

    private protected ResourceBase(Simulation simulation, int capacity)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        Simulation = simulation;
        Capacity = capacity;
        QueueLength = new TimeWeightedLevel(simulation.Now);
        Busy = new TimeWeightedLevel(simulation.Now);
    }

    /// <summary>The simulation the resource lives in.</summary>
    public Simulation Simulation { get; }

    /// <summary>How many units exist.</summary>
    public int Capacity { get; }

    /// <summary>Units in use now.</summary>
    public int InUse => _users.Count;

    /// <summary>Requests waiting now.</summary>
    public int Queued { get; private set; }

    /// <summary>The requests holding a unit now, in grant order.</summary>
    public IReadOnlyList<ResourceRequest> Users => _users;

    /// <summary>Time-weighted number of waiting requests.</summary>
    public TimeWeightedLevel QueueLength { get; }

    /// <summary>Time-weighted number of units in use.</summary>
    public TimeWeightedLevel Busy { get; }

    /// <summary>Mean fraction of capacity in use from creation to now.</summary>
    public double Utilization => Busy.Mean(Simulation.Now) / Capacity;

    /// <summary>Gives back a held unit, or withdraws a waiting request; does nothing for a preempted one.</summary>
    public void Release(ResourceRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!ReferenceEquals(request.Resource, this))
        {
            throw new ArgumentException("The request belongs to another resource.", nameof(request));
        }

        if (request.Holding)
        {
            request.Holding = false;
            _users.Remove(request);
            Busy.Record(Simulation.Now, _users.Count);
            GrantWaiting();
        }
        else if (request.IsPending && !request.Withdrawn)
        {
            // Lazy removal: the queue skips withdrawn requests when they reach the front.
            request.Withdrawn = true;
            Queued--;
            QueueLength.Record(Simulation.Now, Queued);
            request.Cancel();
        }
    }

    private protected ResourceRequest RequestCore(int priority, bool preempt)
    {
        Simulation.ValidatePriority(priority);
        var request = new ResourceRequest(this, priority, preempt, _nextSequence++);
        if (_users.Count < Capacity && Queued == 0)
        {
            Grant(request);
            return request;
        }

        _waiting.Enqueue(request, (priority, request.Sequence));
        Queued++;
        QueueLength.Record(Simulation.Now, Queued);
        if (preempt && _users.Count >= Capacity)
        {
            TryPreemptFor(request);
        }

        return request;
    }

    private void TryPreemptFor(ResourceRequest request)
    {
        // The victim is the least urgent user, the most recently granted among equals.
        ResourceRequest? victim = null;
        foreach (var user in _users)
        {
            // A process cannot interrupt itself, and a callback-made request has nobody to tell.
            if (user.Owner is null || ReferenceEquals(user.Owner, Simulation.ActiveProcess))
            {
                continue;
            }

            if (victim is null || user.Priority > victim.Priority || (user.Priority == victim.Priority && user.GrantedAt >= victim.GrantedAt))
            {
                victim = user;
            }
        }

        if (victim is null || victim.Priority <= request.Priority)
        {
            return;
        }

        victim.Holding = false;
        _users.Remove(victim);
        Busy.Record(Simulation.Now, _users.Count);
        if (victim.Owner!.IsAlive)
        {
            victim.Owner.Interrupt(new Preempted(request, victim, victim.GrantedAt));
        }

        GrantWaiting();
    }

    private void GrantWaiting()
    {
        while (_users.Count < Capacity && _waiting.TryDequeue(out var next, out _))
        {
            if (next.Withdrawn)
            {
                continue;
            }

            Queued--;
            if (next.IsCancelled)
            {
                // Cancelled directly rather than released: drop it here.
                QueueLength.Record(Simulation.Now, Queued);
                continue;
            }

            QueueLength.Record(Simulation.Now, Queued);
            Grant(next);
        }
    }

    private void Grant(ResourceRequest request)
    {
        request.Holding = true;
        request.GrantedAt = Simulation.Now;
        _users.Add(request);
        Busy.Record(Simulation.Now, _users.Count);
        request.Succeed();
    }
}

/// <summary>A resource with <c>capacity</c> units served first come, first served.</summary>
public sealed class Resource(Simulation simulation, int capacity) : ResourceBase(simulation, capacity)
{
    /// <summary>Asks for one unit; yield the returned event to wait for it.</summary>
    public ResourceRequest Request() => RequestCore(0, preempt: false);
}

/// <summary>A resource whose waiting requests are served by priority (lower first), FIFO among equals.</summary>
public sealed class PriorityResource(Simulation simulation, int capacity) : ResourceBase(simulation, capacity)
{
    /// <summary>Asks for one unit with a priority (lower is more urgent).</summary>
    public ResourceRequest Request(int priority = 0) => RequestCore(priority, preempt: false);
}

/// <summary>
/// A priority resource where a more urgent request can take a unit from a less urgent holder; the holder's
/// process is interrupted with a <see cref="Preempted"/> cause.
/// </summary>
public sealed class PreemptiveResource(Simulation simulation, int capacity) : ResourceBase(simulation, capacity)
{
    /// <summary>Asks for one unit; with <paramref name="preempt"/> it may evict a strictly less urgent holder.</summary>
    public ResourceRequest Request(int priority = 0, bool preempt = true) => RequestCore(priority, preempt);
}
