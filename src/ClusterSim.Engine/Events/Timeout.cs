namespace ClusterSim.Engine;

/// <summary>An event that succeeds by itself after a delay (<c>yield return sim.Timeout(d)</c>).</summary>
public sealed class Timeout : Event
{
    private readonly TimeoutPool? _pool;

    internal Timeout(Simulation simulation, TimeoutPool? pool)
        : base(simulation)
    {
        _pool = pool;
    }

    /// <summary>True for the recycled timeouts of <see cref="Simulation.Delay"/>.</summary>
    internal bool IsPooled => _pool is not null;

    /// <summary>The delay it was started with.</summary>
    public SimDuration Delay { get; private set; }

    internal void Start(SimDuration delay, int priority)
    {
        if (delay.Nanoseconds < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(delay), delay, "A timeout cannot be negative.");
        }

        Delay = delay;
        TriggerAt(checked(Simulation.Now.Nanoseconds + delay.Nanoseconds), priority);
    }

    internal override void OnProcessed() => _pool?.Return(this);

    internal override void OnCancelled() => _pool?.Return(this);
}

/// <summary>Recycles the timeouts handed out by <see cref="Simulation.Delay"/>.</summary>
internal sealed class TimeoutPool(Simulation simulation)
{
    private readonly Stack<Timeout> _free = new();

    public Timeout Rent()
    {
        return _free.TryPop(out var t) ? t : new Timeout(simulation, this);
    }

    public void Return(Timeout timeout)
    {
        timeout.ResetForReuse();
        _free.Push(timeout);
    }
}
