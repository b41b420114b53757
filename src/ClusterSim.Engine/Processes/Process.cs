namespace ClusterSim.Engine;

/// <summary>
/// A simulated activity written as a C# iterator that yields the events it waits for; itself an event
/// that succeeds when the iterator ends, so other processes can wait for it.
/// </summary>
/// <remarks>
/// An interrupt does not throw into the body. The yield it was waiting at simply returns early, and for
/// that resumption <see cref="Interrupted"/> is true and <see cref="InterruptCause"/> says why; the next
/// yield clears both. A body that never looks at them just carries on, which is the right default for
/// activities that cannot be interrupted. An exception thrown by the body is a bug and leaves
/// <see cref="Simulation.Run(CancellationToken)"/> unchanged.
/// </remarks>
public class Process : Event, IEventListener
{
    internal const long StartSignal = -1;
    internal const long InterruptSignal = -2;

    private IEnumerator<Event>? _body;
    private Queue<object?>? _pendingInterrupts;

    internal Process(Simulation simulation, string? name)
        : base(simulation)
    {
        Name = name ?? string.Empty;
    }

    /// <summary>A label for logs and debugging.</summary>
    public string Name { get; }

    /// <summary>True until the body has finished.</summary>
    public bool IsAlive => _body is not null;

    /// <summary>The event the process is waiting for, or null while it runs or after it ended.</summary>
    public Event? Target { get; private set; }

    /// <summary>True during the resumption caused by <see cref="Interrupt"/>, until the body yields again.</summary>
    public bool Interrupted { get; private set; }

    /// <summary>Why the process was interrupted (for example a <see cref="Preempted"/>), during that resumption.</summary>
    public object? InterruptCause { get; private set; }

    internal void Start(IEnumerable<Event> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        _body = body.GetEnumerator();
        Simulation.Enqueue(Simulation.Now.Nanoseconds, this, StartSignal, Simulation.UrgentPriority);
    }

    /// <summary>
    /// Stops the process waiting: at the current instant, before ordinary events, its pending yield returns
    /// with <see cref="Interrupted"/> set. Interrupting a finished process is refused.
    /// </summary>
    public void Interrupt(object? cause = null)
    {
        if (!IsAlive)
        {
            throw new InvalidOperationException($"Process '{Name}' has finished and cannot be interrupted.");
        }

        if (ReferenceEquals(Simulation.ActiveProcess, this))
        {
            throw new InvalidOperationException($"Process '{Name}' cannot interrupt itself.");
        }

        (_pendingInterrupts ??= new Queue<object?>()).Enqueue(cause);
        Simulation.Enqueue(Simulation.Now.Nanoseconds, this, InterruptSignal, Simulation.UrgentPriority);
    }

    internal override void Dispatch(long arg)
    {
        switch (arg)
        {
            case StartSignal:
                Resume(interrupted: false, cause: null);
                break;
            case InterruptSignal:
                var cause = _pendingInterrupts!.Dequeue();
                if (IsAlive)
                {
                    Target?.RemoveListener(this);
                    if (Target is Timeout { IsPooled: true, HasListeners: false } abandoned)
                    {
                        // Nobody else can hold a pooled delay: drop it rather than let it fire for no one.
                        abandoned.Cancel();
                    }

                    Target = null;
                    Resume(interrupted: true, cause);
                }

                break;
            default:
                Fire();
                break;
        }
    }

    void IEventListener.OnEventProcessed(Event processed)
    {
        if (ReferenceEquals(processed, Target))
        {
            Target = null;
            Resume(interrupted: false, cause: null);
        }
    }

    /// <summary>Called once when the body has ended, before the process succeeds.</summary>
    internal virtual void OnBodyEnded()
    {
    }

    private void Resume(bool interrupted, object? cause)
    {
        var body = _body!;
        var previous = Simulation.ActiveProcess;
        Simulation.ActiveProcess = this;
        Interrupted = interrupted;
        InterruptCause = cause;
        try
        {
            while (true)
            {
                if (!body.MoveNext())
                {
                    body.Dispose();
                    _body = null;
                    Interrupted = false;
                    InterruptCause = null;
                    OnBodyEnded();
                    Succeed();
                    return;
                }

                Interrupted = false;
                InterruptCause = null;
                var next = body.Current ?? throw new InvalidOperationException($"Process '{Name}' yielded null; yield an event.");
                if (next.IsProcessed)
                {
                    // Already happened: continue at once, as SimPy does.
                    continue;
                }

                if (next.IsCancelled)
                {
                    throw new InvalidOperationException($"Process '{Name}' waits for a cancelled event and would never resume.");
                }

                next.AddListener(this);
                Target = next;
                return;
            }
        }
        finally
        {
            Simulation.ActiveProcess = previous;
        }
    }
}

/// <summary>A process whose body produces a typed result, read by waiters through <see cref="Result"/>.</summary>
public sealed class Process<T> : Process
{
    private T _result = default!;
    private bool _hasResult;

    internal Process(Simulation simulation, string? name)
        : base(simulation, name)
    {
    }

    /// <summary>The value the body passed to <see cref="SetResult"/>; throws until the process has ended with one.</summary>
    public T Result
    {
        get
        {
            if (IsAlive || !IsTriggered)
            {
                throw new InvalidOperationException($"Process '{Name}' has not ended yet.");
            }

            return _hasResult ? _result : throw new InvalidOperationException($"Process '{Name}' ended without calling SetResult.");
        }
    }

    /// <summary>Sets the result; the body calls it before it ends (the iterator's <c>return</c> cannot carry a value).</summary>
    public void SetResult(T result)
    {
        _result = result;
        _hasResult = true;
    }
}
