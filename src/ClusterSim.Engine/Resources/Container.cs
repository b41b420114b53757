using ClusterSim.Engine.Monitoring;

namespace ClusterSim.Engine;

/// <summary>A request to put or take an amount of a <see cref="Container"/>; succeeds when done.</summary>
public sealed class ContainerRequest : Event
{
    internal ContainerRequest(Simulation simulation, double amount, bool isPut)
        : base(simulation)
    {
        Amount = amount;
        IsPut = isPut;
    }

    /// <summary>How much is put or taken.</summary>
    public double Amount { get; }

    /// <summary>True for a put, false for a get.</summary>
    public bool IsPut { get; }
}

/// <summary>
/// A continuous quantity between zero and a capacity (bytes of HBM, tokens of budget) that processes put
/// into and take out of, waiting when there is not enough room or not enough content.
/// </summary>
/// <remarks>
/// Both queues are strictly FIFO: a large blocked get holds back smaller gets behind it, which is fair and
/// avoids starving large requests. <see cref="TryPut"/> and <see cref="TryGet"/> never wait.
/// </remarks>
public sealed class Container
{
    private readonly Queue<ContainerRequest> _puts = new();
    private readonly Queue<ContainerRequest> _gets = new();

    /// <summary>A container holding <paramref name="initialLevel"/> out of <paramref name="capacity"/>.</summary>
    public Container(Simulation simulation, double capacity = double.PositiveInfinity, double initialLevel = 0)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        if (!(capacity > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "Capacity must be positive.");
        }

        if (!(initialLevel >= 0 && initialLevel <= capacity))
        {
            throw new ArgumentOutOfRangeException(nameof(initialLevel), initialLevel, "The initial level must lie in [0, capacity].");
        }

        Simulation = simulation;
        Capacity = capacity;
        Level = initialLevel;
        LevelHistory = new TimeWeightedLevel(simulation.Now, initialLevel);
        GetQueueLength = new TimeWeightedLevel(simulation.Now);
        PutQueueLength = new TimeWeightedLevel(simulation.Now);
    }

    /// <summary>The simulation the container lives in.</summary>
    public Simulation Simulation { get; }

    /// <summary>The most the container can hold.</summary>
    public double Capacity { get; }

    /// <summary>The amount held now.</summary>
    public double Level { get; private set; }

    /// <summary>Time-weighted level (mean, min, max).</summary>
    public TimeWeightedLevel LevelHistory { get; }

    /// <summary>Time-weighted number of blocked gets.</summary>
    public TimeWeightedLevel GetQueueLength { get; }

    /// <summary>Time-weighted number of blocked puts.</summary>
    public TimeWeightedLevel PutQueueLength { get; }

    /// <summary>Mean fraction of capacity filled from creation to now (0 for an unbounded container).</summary>
    public double Utilization => double.IsPositiveInfinity(Capacity) ? 0 : LevelHistory.Mean(Simulation.Now) / Capacity;

    /// <summary>Adds <paramref name="amount"/>, waiting for room if needed.</summary>
    public ContainerRequest Put(double amount)
    {
        var request = new ContainerRequest(Simulation, CheckAmount(amount), isPut: true);
        _puts.Enqueue(request);
        Settle();
        return request;
    }

    /// <summary>Takes <paramref name="amount"/>, waiting for content if needed.</summary>
    public ContainerRequest Get(double amount)
    {
        var request = new ContainerRequest(Simulation, CheckAmount(amount), isPut: false);
        _gets.Enqueue(request);
        Settle();
        return request;
    }

    /// <summary>Adds <paramref name="amount"/> now if it fits and nobody waits to put; false otherwise.</summary>
    public bool TryPut(double amount)
    {
        if (_puts.Count > 0 || Level + CheckAmount(amount) > Capacity)
        {
            return false;
        }

        Level += amount;
        Settle();
        return true;
    }

    /// <summary>Takes <paramref name="amount"/> now if available and nobody waits to take; false otherwise.</summary>
    public bool TryGet(double amount)
    {
        if (_gets.Count > 0 || CheckAmount(amount) > Level)
        {
            return false;
        }

        Level -= amount;
        Settle();
        return true;
    }

    private static double CheckAmount(double amount)
    {
        if (!(amount >= 0) || double.IsInfinity(amount))
        {
            throw new ArgumentOutOfRangeException(nameof(amount), amount, "An amount must be finite and non-negative.");
        }

        return amount;
    }

    private void Settle()
    {
        bool progress;
        do
        {
            progress = false;
            while (_puts.TryPeek(out var put) && (put.IsCancelled || Level + put.Amount <= Capacity))
            {
                _puts.Dequeue();
                if (put.IsCancelled)
                {
                    continue;
                }

                Level += put.Amount;
                put.Succeed();
                progress = true;
            }

            while (_gets.TryPeek(out var get) && (get.IsCancelled || get.Amount <= Level))
            {
                _gets.Dequeue();
                if (get.IsCancelled)
                {
                    progress = true;
                    continue;
                }

                Level -= get.Amount;
                get.Succeed();
                progress = true;
            }
        }
        while (progress);

        var now = Simulation.Now;
        LevelHistory.Record(now, Level);
        GetQueueLength.Record(now, _gets.Count);
        PutQueueLength.Record(now, _puts.Count);
    }
}
