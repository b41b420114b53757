using ClusterSim.Engine.Monitoring;

namespace ClusterSim.Engine;

/// <summary>
/// The shared machinery of <see cref="Store{T}"/>, <see cref="FilterStore{T}"/> and <see cref="PriorityStore{T}"/>:
/// bounded item storage with FIFO queues of blocked puts and gets and time-weighted statistics.
/// </summary>
public abstract class StoreBase<T>
{
    private readonly Queue<StorePut<T>> _blockedPuts = new();
    private readonly List<StoreGet<T>> _blockedGets = [];

    private protected StoreBase(Simulation simulation, int capacity)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        Simulation = simulation;
        Capacity = capacity;
        Items = new TimeWeightedLevel(simulation.Now);
        GetQueueLength = new TimeWeightedLevel(simulation.Now);
        PutQueueLength = new TimeWeightedLevel(simulation.Now);
    }

    /// <summary>The simulation the store lives in.</summary>
    public Simulation Simulation { get; }

    /// <summary>The most items the store holds (int.MaxValue: unbounded).</summary>
    public int Capacity { get; }

    /// <summary>Items stored now.</summary>
    public abstract int Count { get; }

    /// <summary>Time-weighted number of stored items.</summary>
    public TimeWeightedLevel Items { get; }

    /// <summary>Time-weighted number of blocked gets.</summary>
    public TimeWeightedLevel GetQueueLength { get; }

    /// <summary>Time-weighted number of blocked puts.</summary>
    public TimeWeightedLevel PutQueueLength { get; }

    /// <summary>Mean fraction of capacity filled from creation to now (0 for an unbounded store).</summary>
    public double Utilization => Capacity == int.MaxValue ? 0 : Items.Mean(Simulation.Now) / Capacity;

    /// <summary>Puts an item; the returned event succeeds once there was room.</summary>
    public StorePut<T> Put(T item)
    {
        var put = new StorePut<T>(Simulation, item);
        _blockedPuts.Enqueue(put);
        Settle();
        return put;
    }

    /// <summary>Puts an item now if there is room; false otherwise (nothing is queued).</summary>
    public bool TryPut(T item)
    {
        if (Count >= Capacity || _blockedPuts.Count > 0)
        {
            return false;
        }

        AddItem(item);
        Settle();
        return true;
    }

    private protected StoreGet<T> GetCore(Func<T, bool>? filter)
    {
        var get = new StoreGet<T>(Simulation, filter);
        _blockedGets.Add(get);
        Settle();
        return get;
    }

    /// <summary>Withdraws a blocked get (for reneging); false when it was already served.</summary>
    public bool CancelGet(StoreGet<T> get)
    {
        ArgumentNullException.ThrowIfNull(get);
        if (!_blockedGets.Remove(get))
        {
            return false;
        }

        get.Cancel();
        RecordLevels();
        return true;
    }

    private protected abstract void AddItem(T item);

    private protected abstract bool TryTake(Func<T, bool>? filter, out T item);

    /// <summary>Whether a blocked get may be overtaken by later gets (true only when gets filter).</summary>
    private protected abstract bool GetsMayOvertake { get; }

    private void Settle()
    {
        bool progress;
        do
        {
            progress = false;
            while (_blockedPuts.Count > 0 && Count < Capacity)
            {
                var put = _blockedPuts.Dequeue();
                if (put.IsCancelled)
                {
                    continue;
                }

                AddItem(put.Item);
                put.Succeed();
                progress = true;
            }

            for (var i = 0; i < _blockedGets.Count && Count > 0;)
            {
                var get = _blockedGets[i];
                if (get.IsCancelled)
                {
                    _blockedGets.RemoveAt(i);
                    continue;
                }

                if (TryTake(get.Filter, out var item))
                {
                    _blockedGets.RemoveAt(i);
                    get.Succeed(item);
                    progress = true;
                }
                else if (GetsMayOvertake)
                {
                    i++;
                }
                else
                {
                    break;
                }
            }
        }
        while (progress);

        RecordLevels();
    }

    private void RecordLevels()
    {
        var now = Simulation.Now;
        Items.Record(now, Count);
        GetQueueLength.Record(now, _blockedGets.Count);
        PutQueueLength.Record(now, _blockedPuts.Count);
    }
}

/// <summary>A FIFO buffer of items: gets take the oldest item, in the order the gets were made.</summary>
public sealed class Store<T>(Simulation simulation, int capacity = int.MaxValue) : StoreBase<T>(simulation, capacity)
{
    private readonly Queue<T> _items = new();

    /// <inheritdoc />
    public override int Count => _items.Count;

    /// <summary>Takes the oldest item; the returned event's value is the item.</summary>
    public StoreGet<T> Get() => GetCore(null);

    private protected override bool GetsMayOvertake => false;

    private protected override void AddItem(T item) => _items.Enqueue(item);

    private protected override bool TryTake(Func<T, bool>? filter, out T item) => _items.TryDequeue(out item!);
}

/// <summary>A store whose gets name the items they accept; a blocked get does not block gets behind it.</summary>
public sealed class FilterStore<T>(Simulation simulation, int capacity = int.MaxValue) : StoreBase<T>(simulation, capacity)
{
    private readonly List<T> _items = [];

    /// <inheritdoc />
    public override int Count => _items.Count;

    /// <summary>Takes the oldest item that satisfies <paramref name="filter"/>.</summary>
    public StoreGet<T> Get(Func<T, bool> filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        return GetCore(filter);
    }

    private protected override bool GetsMayOvertake => true;

    private protected override void AddItem(T item) => _items.Add(item);

    private protected override bool TryTake(Func<T, bool>? filter, out T item)
    {
        for (var i = 0; i < _items.Count; i++)
        {
            if (filter is null || filter(_items[i]))
            {
                item = _items[i];
                _items.RemoveAt(i);
                return true;
            }
        }

        item = default!;
        return false;
    }
}

/// <summary>A store whose gets take the smallest item by a comparer, FIFO among equal items.</summary>
public sealed class PriorityStore<T> : StoreBase<T>
{
    private readonly PriorityQueue<T, (T Item, long Sequence)> _items;
    private long _nextSequence;

    /// <summary>A priority store ordering items by <paramref name="comparer"/> (default: natural order).</summary>
    public PriorityStore(Simulation simulation, IComparer<T>? comparer = null, int capacity = int.MaxValue)
        : base(simulation, capacity)
    {
        var itemComparer = comparer ?? Comparer<T>.Default;
        _items = new PriorityQueue<T, (T, long)>(Comparer<(T Item, long Sequence)>.Create((a, b) =>
        {
            var c = itemComparer.Compare(a.Item, b.Item);
            return c != 0 ? c : a.Sequence.CompareTo(b.Sequence);
        }));
    }

    /// <inheritdoc />
    public override int Count => _items.Count;

    /// <summary>Takes the smallest item.</summary>
    public StoreGet<T> Get() => GetCore(null);

    private protected override bool GetsMayOvertake => false;

    private protected override void AddItem(T item) => _items.Enqueue(item, (item, _nextSequence++));

    private protected override bool TryTake(Func<T, bool>? filter, out T item) => _items.TryDequeue(out item!, out _);
}
