namespace ClusterSim.Engine;

/// <summary>The process-oriented surface of the kernel (SimSharp/SimPy style).</summary>
public sealed partial class Simulation
{
    private TimeoutPool? _timeoutPool;

    /// <summary>The process whose body is running right now, or null inside a callback.</summary>
    public Process? ActiveProcess { get; internal set; }

    /// <summary>Starts a process at the current instant (before ordinary events at this instant).</summary>
    public Process Process(IEnumerable<Event> body, string? name = null)
    {
        var process = new Process(this, name);
        process.Start(body);
        return process;
    }

    /// <summary>Starts a process whose body receives the process itself, to read interrupts.</summary>
    public Process Process(Func<Process, IEnumerable<Event>> body, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(body);
        var process = new Process(this, name);
        process.Start(body(process));
        return process;
    }

    /// <summary>Starts a process with a typed result; the body calls <see cref="Process{T}.SetResult"/>.</summary>
    public Process<T> Process<T>(Func<Process<T>, IEnumerable<Event>> body, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(body);
        var process = new Process<T>(this, name);
        process.Start(body(process));
        return process;
    }

    /// <summary>A new event that succeeds after <paramref name="delay"/>; safe to keep and inspect later.</summary>
    public Timeout Timeout(SimDuration delay, int priority = 0)
    {
        ValidatePriority(priority);
        var timeout = new Timeout(this, null);
        timeout.Start(delay, priority);
        return timeout;
    }

    /// <summary>
    /// A pooled timeout for <c>yield return sim.Delay(d)</c>: allocation-free in steady state. It is recycled
    /// once processed or cancelled, so do not keep the reference after it fired.
    /// </summary>
    public Timeout Delay(SimDuration delay)
    {
        var timeout = (_timeoutPool ??= new TimeoutPool(this)).Rent();
        timeout.Start(delay, 0);
        return timeout;
    }

    /// <summary>A pending event to succeed or fail by hand.</summary>
    public Event Event() => new(this);

    /// <summary>A pending typed event to succeed with a value or fail by hand.</summary>
    public Event<T> Event<T>() => new(this);

    /// <summary>An event that succeeds when all of <paramref name="events"/> have succeeded (fails on the first failure).</summary>
    public AllOf AllOf(params Event[] events) => new(this, events);

    /// <summary>An event that succeeds (or fails) with the first of <paramref name="events"/> to be processed.</summary>
    public AnyOf AnyOf(params Event[] events) => new(this, events);
}
