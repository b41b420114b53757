namespace ClusterSim.Engine;

/// <summary>A request to put an item into a store; succeeds when the item is in.</summary>
public sealed class StorePut<T> : Event
{
    internal StorePut(Simulation simulation, T item)
        : base(simulation)
    {
        Item = item;
    }

    /// <summary>The item being put.</summary>
    public T Item { get; }
}

/// <summary>A request to take an item from a store; its <see cref="Event{T}.Value"/> is the item taken.</summary>
public sealed class StoreGet<T> : Event<T>
{
    internal StoreGet(Simulation simulation, Func<T, bool>? filter)
        : base(simulation)
    {
        Filter = filter;
    }

    /// <summary>Which items this get accepts (null: any).</summary>
    public Func<T, bool>? Filter { get; }
}
