namespace ClusterSim.Engine;

/// <summary>
/// Something that happens at one instant and that processes can wait for (<c>yield return ev</c>).
/// </summary>
/// <remarks>
/// An event is pending until someone calls <see cref="Succeed(int)"/> or <see cref="Fail"/>; it is then
/// queued at the current instant and, when it comes up, its listeners run in the order they subscribed.
/// A failure is a value, not a throw: a process that waited on it reads <see cref="IsOk"/> and
/// <see cref="Error"/>. Non-sealed so that typed events, timeouts, conditions and processes share it.
/// </remarks>
public class Event : IEventHandler
{
    // Most events have exactly one waiter; keep it inline so that waiting allocates no list.
    private IEventListener? _firstListener;
    private List<IEventListener>? _moreListeners;
    private EventHandle _handle;

    /// <summary>A pending event of <paramref name="simulation"/>.</summary>
    public Event(Simulation simulation)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        Simulation = simulation;
    }

    /// <summary>The simulation the event belongs to.</summary>
    public Simulation Simulation { get; }

    /// <summary>Where the event is in its life.</summary>
    public EventState State { get; private set; }

    /// <summary>The failure passed to <see cref="Fail"/>, or null.</summary>
    public Exception? Error { get; private set; }

    /// <summary>Neither triggered nor cancelled yet.</summary>
    public bool IsPending => State == EventState.Pending;

    /// <summary>Succeeded or failed (possibly already processed).</summary>
    public bool IsTriggered => State is EventState.Triggered or EventState.Processed;

    /// <summary>Its listeners have run.</summary>
    public bool IsProcessed => State == EventState.Processed;

    /// <summary>Withdrawn before it was processed.</summary>
    public bool IsCancelled => State == EventState.Cancelled;

    /// <summary>Triggered and succeeded.</summary>
    public bool IsOk => IsTriggered && Error is null;

    /// <summary>Triggered and failed.</summary>
    public bool IsFailed => IsTriggered && Error is not null;

    /// <summary>Marks the event successful; its listeners run at the current instant, after earlier events.</summary>
    public void Succeed(int priority = 0)
    {
        Simulation.ValidatePriority(priority);
        TriggerAt(Simulation.Now.Nanoseconds, priority);
    }

    /// <summary>Marks the event failed with <paramref name="error"/>; waiters see it in <see cref="Error"/>.</summary>
    public void Fail(Exception error, int priority = 0)
    {
        ArgumentNullException.ThrowIfNull(error);
        Simulation.ValidatePriority(priority);
        EnsurePending();
        Error = error;
        TriggerAt(Simulation.Now.Nanoseconds, priority);
    }

    /// <summary>
    /// Withdraws a pending or triggered event; its listeners never run (a process waiting on it stays
    /// waiting until interrupted). Returns false when it was already processed or cancelled.
    /// </summary>
    public bool Cancel()
    {
        if (this is Process { IsAlive: true } process)
        {
            throw new InvalidOperationException($"Process '{process.Name}' is running; interrupt it instead of cancelling it.");
        }

        switch (State)
        {
            case EventState.Pending:
                break;
            case EventState.Triggered:
                Simulation.Cancel(_handle);
                break;
            default:
                return false;
        }

        State = EventState.Cancelled;
        _firstListener = null;
        _moreListeners = null;
        OnCancelled();
        return true;
    }

    /// <summary>Calls <paramref name="callback"/> when the event is processed (allocates a small wrapper).</summary>
    public void AddCallback(Action<Event> callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        AddListener(new CallbackListener(callback));
    }

    internal void TriggerAt(long time, int priority)
    {
        EnsurePending();
        State = EventState.Triggered;
        _handle = Simulation.Enqueue(time, this, 0, priority);
    }

    internal void AddListener(IEventListener listener)
    {
        if (State is EventState.Processed or EventState.Cancelled)
        {
            throw new InvalidOperationException($"Cannot wait for an event that is already {State}.");
        }

        if (_firstListener is null)
        {
            _firstListener = listener;
        }
        else
        {
            (_moreListeners ??= []).Add(listener);
        }
    }

    internal void RemoveListener(IEventListener listener)
    {
        if (ReferenceEquals(_firstListener, listener))
        {
            _firstListener = null;
            if (_moreListeners is { Count: > 0 })
            {
                _firstListener = _moreListeners[0];
                _moreListeners.RemoveAt(0);
            }
        }
        else
        {
            _moreListeners?.Remove(listener);
        }
    }

    internal bool HasListeners => _firstListener is not null;

    /// <summary>Returns the event to its freshly created state so that a pool can hand it out again.</summary>
    internal void ResetForReuse()
    {
        State = EventState.Pending;
        Error = null;
        _handle = EventHandle.None;
        _firstListener = null;
        _moreListeners?.Clear();
    }

    void IEventHandler.OnEvent(Simulation simulation, long arg) => Dispatch(arg);

    /// <summary>Queue entries of an event carry 0; processes use other values for their own signals.</summary>
    internal virtual void Dispatch(long arg) => Fire();

    internal void Fire()
    {
        State = EventState.Processed;
        var first = _firstListener;
        _firstListener = null;
        first?.OnEventProcessed(this);
        if (_moreListeners is { Count: > 0 } more)
        {
            // Listeners may subscribe elsewhere while we iterate; copy nothing, index carefully.
            for (var i = 0; i < more.Count; i++)
            {
                more[i].OnEventProcessed(this);
            }

            more.Clear();
        }

        OnProcessed();
    }

    internal virtual void OnProcessed()
    {
    }

    internal virtual void OnCancelled()
    {
    }

    private void EnsurePending()
    {
        if (State != EventState.Pending)
        {
            throw new InvalidOperationException($"The event is already {State}; an event triggers once.");
        }
    }

    private sealed class CallbackListener(Action<Event> callback) : IEventListener
    {
        public void OnEventProcessed(Event processed) => callback(processed);
    }
}
