namespace ClusterSim.Engine;

/// <summary>An event that succeeds when all of a set of events have succeeded; fails with the first failure.</summary>
public sealed class AllOf : Event, IEventListener
{
    private int _remaining;

    internal AllOf(Simulation simulation, Event[] events)
        : base(simulation)
    {
        ArgumentNullException.ThrowIfNull(events);
        Events = events;
        foreach (var ev in events)
        {
            if (ev.IsProcessed)
            {
                if (ev.IsFailed && IsPending)
                {
                    Fail(ev.Error!);
                }

                continue;
            }

            _remaining++;
            ev.AddListener(this);
        }

        if (_remaining == 0 && IsPending)
        {
            Succeed();
        }
    }

    /// <summary>The events waited for, in the order given.</summary>
    public IReadOnlyList<Event> Events { get; }

    void IEventListener.OnEventProcessed(Event processed)
    {
        if (!IsPending)
        {
            return;
        }

        if (processed.IsFailed)
        {
            Fail(processed.Error!);
            return;
        }

        if (--_remaining == 0)
        {
            Succeed();
        }
    }
}

/// <summary>An event that succeeds (or fails) as soon as the first of a set of events is processed.</summary>
public sealed class AnyOf : Event, IEventListener
{
    internal AnyOf(Simulation simulation, Event[] events)
        : base(simulation)
    {
        ArgumentNullException.ThrowIfNull(events);
        Events = events;
        foreach (var ev in events)
        {
            if (ev.IsProcessed)
            {
                Settle(ev);
                return;
            }
        }

        foreach (var ev in events)
        {
            ev.AddListener(this);
        }

        if (events.Length == 0)
        {
            Succeed();
        }
    }

    /// <summary>The events waited for, in the order given.</summary>
    public IReadOnlyList<Event> Events { get; }

    /// <summary>The event that settled this one, once it has.</summary>
    public Event? First { get; private set; }

    void IEventListener.OnEventProcessed(Event processed)
    {
        if (IsPending)
        {
            Settle(processed);
        }
    }

    private void Settle(Event ev)
    {
        First = ev;
        if (ev.IsFailed)
        {
            Fail(ev.Error!);
        }
        else
        {
            Succeed();
        }
    }
}
