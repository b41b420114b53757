using System.Runtime.CompilerServices;
using ClusterSim.Engine.Random;

namespace ClusterSim.Engine;

/// <summary>The discrete-event kernel: a clock, a queue of pending events and the loop that runs them.</summary>
/// <remarks>
/// Ordering rule: events fire in increasing time; equal times break ties by priority (lower first),
/// then by insertion order (FIFO). Nothing else (hash codes, wall clock, threads) influences the order,
/// so one seed always gives the same run. Not thread-safe: a simulation belongs to one thread.
/// </remarks>
public sealed partial class Simulation
{
    /// <summary>The lowest (most urgent) priority a caller may pass.</summary>
    public const int MinPriority = -32_000;

    /// <summary>The highest (least urgent) priority a caller may pass.</summary>
    public const int MaxPriority = 32_000;

    /// <summary>Priority the kernel uses for process starts and interrupts: before ordinary events at the same instant.</summary>
    public const int UrgentPriority = -32_700;

    /// <summary>
    /// How many events run between two looks at the cancellation token (a power of two). The count runs on across
    /// <c>Run</c> calls, and every call also looks once on entry, so a caller that runs many short slices (a few
    /// dozen events each) still notices cancellation within one slice.
    /// </summary>
    public const int CancellationCheckInterval = 4096;

    private const long CancellationCheckMask = CancellationCheckInterval - 1;

    private const int PriorityShift = 47;
    private const long MaxSequence = (1L << PriorityShift) - 1;

    private readonly EventQueue _queue = new();
    private readonly HashSet<ulong> _cancelled = [];
    private long _nextSequence = 1;
    private long _lastTime = -1;
    private ulong _lastOrder;
    private long _now;
    private long _processedEvents;

    /// <summary>A simulation whose named random streams derive from <paramref name="seed"/>.</summary>
    public Simulation(ulong seed = 0)
    {
        Random = new RandomStreams(seed);
    }

    /// <summary>The current simulated instant.</summary>
    public SimTime Now => new(_now);

    /// <summary>How many events have fired (cancelled ones excluded).</summary>
    public long ProcessedEvents => _processedEvents;

    /// <summary>Scheduled events not yet fired or cancelled.</summary>
    public int PendingEvents => _queue.Count - _cancelled.Count;

    /// <summary>The run's named random streams.</summary>
    public RandomStreams Random { get; }

    /// <summary>Schedules <paramref name="handler"/> to be called after <paramref name="delay"/>; allocation-free.</summary>
    public EventHandle Schedule(SimDuration delay, IEventHandler handler, long arg = 0, int priority = 0)
    {
        if (delay.Nanoseconds < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(delay), delay, "An event cannot be scheduled in the past.");
        }

        ValidatePriority(priority);
        ArgumentNullException.ThrowIfNull(handler);
        return Enqueue(checked(_now + delay.Nanoseconds), handler, arg, priority);
    }

    /// <summary>Schedules <paramref name="handler"/> at an absolute instant no earlier than <see cref="Now"/>.</summary>
    public EventHandle ScheduleAt(SimTime time, IEventHandler handler, long arg = 0, int priority = 0)
    {
        if (time < Now)
        {
            throw new ArgumentOutOfRangeException(nameof(time), time, $"An event cannot be scheduled before now ({Now}).");
        }

        ValidatePriority(priority);
        ArgumentNullException.ThrowIfNull(handler);
        return Enqueue(time.Nanoseconds, handler, arg, priority);
    }

    /// <summary>Schedules a delegate; convenient but allocates a small wrapper per call (use a handler on hot paths).</summary>
    public EventHandle Schedule(SimDuration delay, Action action, int priority = 0)
    {
        ArgumentNullException.ThrowIfNull(action);
        return Schedule(delay, new ActionHandler(action), 0, priority);
    }

    /// <summary>
    /// Cancels a scheduled callback. Returns false when it already fired or was already cancelled.
    /// </summary>
    public bool Cancel(EventHandle handle)
    {
        if (!handle.IsValid || HasFired(handle.Time.Nanoseconds, handle.Order))
        {
            return false;
        }

        return _cancelled.Add(handle.Order);
    }

    /// <summary>The time of the next pending event, or null when nothing is pending.</summary>
    public SimTime? PeekTime()
    {
        SkipCancelled();
        return _queue.TryPeek(out var time, out _) ? new SimTime(time) : null;
    }

    /// <summary>Fires the next event; false when nothing is pending.</summary>
    public bool Step()
    {
        SkipCancelled();
        if (_queue.Count == 0)
        {
            return false;
        }

        FireNext();
        return true;
    }

    /// <summary>Runs until no event is pending.</summary>
    public void Run(CancellationToken cancellationToken = default) => RunCore(long.MaxValue, null, cancellationToken);

    /// <summary>
    /// Runs every event strictly before <paramref name="until"/>, then sets the clock to <paramref name="until"/>.
    /// Events at exactly <paramref name="until"/> stay pending for the next call.
    /// </summary>
    public void Run(SimTime until, CancellationToken cancellationToken = default)
    {
        if (until < Now)
        {
            throw new ArgumentOutOfRangeException(nameof(until), until, $"Cannot run back to before now ({Now}).");
        }

        RunCore(until.Nanoseconds, null, cancellationToken);
        _now = until.Nanoseconds;
    }

    /// <summary>Runs until <paramref name="condition"/> holds after an event (true) or nothing is pending (false).</summary>
    public bool RunUntil(Func<bool> condition, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(condition);
        if (condition())
        {
            return true;
        }

        return RunCore(long.MaxValue, condition, cancellationToken);
    }

    // The loop runs once per Run call, so tiered JIT would leave it in its first tier (with on-stack replacement)
    // for the short runs of a sweep; compile it fully optimized at once.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool RunCore(long untilExclusive, Func<bool>? condition, CancellationToken cancellationToken)
    {
        var queue = _queue;
        var canCancel = cancellationToken.CanBeCanceled;
        // Once per call: a slice shorter than the interval would otherwise never look (issue 19: Ctrl-C ignored).
        cancellationToken.ThrowIfCancellationRequested();
        while (queue.TryPop(untilExclusive, out var entry))
        {
            _lastTime = entry.Time;
            _lastOrder = entry.Order;
            if (_cancelled.Count > 0 && _cancelled.Remove(entry.Order))
            {
                queue.Unpark(entry.Slot, out _);
                continue;
            }

            _now = entry.Time;
            _processedEvents++;
            queue.Unpark(entry.Slot, out var arg).OnEvent(this, arg);
            if (condition is not null && condition())
            {
                return true;
            }

            // A mask test of the persistent event count per event; the token's volatile read happens once per interval.
            if (canCancel && (_processedEvents & CancellationCheckMask) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
        }

        return false;
    }

    private void FireNext()
    {
        var entry = _queue.Pop();
        _lastTime = entry.Time;
        _lastOrder = entry.Order;
        _now = entry.Time;
        _processedEvents++;
        _queue.Unpark(entry.Slot, out var arg).OnEvent(this, arg);
    }

    private void SkipCancelled()
    {
        while (_cancelled.Count > 0 && _queue.TryPeek(out var time, out var order) && _cancelled.Remove(order))
        {
            var skipped = _queue.Pop();
            _queue.Unpark(skipped.Slot, out _);
            _lastTime = time;
            _lastOrder = skipped.Order;
        }
    }

    internal static void ValidatePriority(int priority)
    {
        if (priority is < MinPriority or > MaxPriority)
        {
            throw new ArgumentOutOfRangeException(nameof(priority), priority, $"Priority must lie in [{MinPriority}, {MaxPriority}].");
        }
    }

    private bool HasFired(long time, ulong order) => time < _lastTime || (time == _lastTime && order <= _lastOrder);

    internal EventHandle Enqueue(long time, IEventHandler handler, long arg, int priority)
    {
        var sequence = _nextSequence++;
        if (sequence > MaxSequence)
        {
            throw new InvalidOperationException("The simulation ran out of event sequence numbers (2^47).");
        }

        var order = ((ulong)(priority + 32_768) << PriorityShift) | (ulong)sequence;
        var entry = new QueueEntry(time, order, _queue.Park(handler, arg));
        if (time == _now && priority == 0)
        {
            _queue.PushRing(entry);
        }
        else
        {
            _queue.PushHeap(entry);
        }

        return new EventHandle(new SimTime(time), order);
    }

    private sealed class ActionHandler(Action action) : IEventHandler
    {
        public void OnEvent(Simulation simulation, long arg) => action();
    }
}
