namespace ClusterSim.Engine;

/// <summary>An event that carries a typed value when it succeeds (no boxing, no object-typed values).</summary>
public class Event<T> : Event
{
    private T _value = default!;

    /// <summary>A pending typed event of <paramref name="simulation"/>.</summary>
    public Event(Simulation simulation)
        : base(simulation)
    {
    }

    /// <summary>The value passed to <see cref="Succeed(T, int)"/>; throws unless the event succeeded.</summary>
    public T Value => IsOk
        ? _value
        : throw new InvalidOperationException($"The event has no value: it is {State}{(IsFailed ? " (failed)" : string.Empty)}.");

    /// <summary>Marks the event successful with <paramref name="value"/>.</summary>
    public void Succeed(T value, int priority = 0)
    {
        if (!IsPending)
        {
            throw new InvalidOperationException($"The event is already {State}; an event triggers once.");
        }

        _value = value;
        base.Succeed(priority);
    }
}
