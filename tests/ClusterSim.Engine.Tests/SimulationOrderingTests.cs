namespace ClusterSim.Engine.Tests;

public sealed class SimulationOrderingTests
{
    private static SimDuration Ns(long ns) => SimDuration.FromNanoseconds(ns);

    [Fact]
    public void Run_fires_events_in_time_order()
    {
        var sim = new Simulation();
        var rec = new Recorder();
        sim.Schedule(Ns(30), rec, 3);
        sim.Schedule(Ns(10), rec, 1);
        sim.Schedule(Ns(20), rec, 2);
        sim.Run();
        Assert.Equal([1L, 2, 3], rec.Args);
        Assert.Equal([10L, 20, 30], rec.Log.Select(e => e.TimeNs));
        Assert.Equal(30, sim.Now.Nanoseconds);
        Assert.Equal(3, sim.ProcessedEvents);
    }

    [Fact]
    public void Equal_times_break_ties_by_priority_then_insertion_order()
    {
        var sim = new Simulation();
        var rec = new Recorder();
        sim.Schedule(Ns(5), rec, 1, priority: 1);
        sim.Schedule(Ns(5), rec, 2, priority: 0);
        sim.Schedule(Ns(5), rec, 3, priority: -1);
        sim.Schedule(Ns(5), rec, 4, priority: 0);
        sim.Schedule(Ns(5), rec, 5, priority: 1);
        sim.Run();
        Assert.Equal([3L, 2, 4, 1, 5], rec.Args);
    }

    [Fact]
    public void Same_instant_events_from_the_fast_ring_interleave_correctly_with_heap_events()
    {
        // At t=0: a callback schedules zero-delay events (ring) while urgent and later-priority heap events wait.
        var sim = new Simulation();
        var rec = new Recorder();
        var spawner = new Spawner(rec);
        sim.Schedule(Ns(0), rec, 100, priority: 2);
        sim.Schedule(Ns(0), spawner, 0);
        sim.Schedule(Ns(0), rec, 101, priority: -2);
        sim.Run();
        // -2 first; then the spawner (priority 0, seq 2); its ring children 1..3 (priority 0) before priority 2.
        Assert.Equal([101L, 1, 2, 3, 100], rec.Args);
    }

    private sealed class Spawner(Recorder rec) : IEventHandler
    {
        public void OnEvent(Simulation simulation, long arg)
        {
            for (var i = 1; i <= 3; i++)
            {
                simulation.Schedule(SimDuration.Zero, rec, i);
            }
        }
    }

    [Fact]
    public void Cancel_removes_a_pending_callback_and_reports_whether_it_did()
    {
        var sim = new Simulation();
        var rec = new Recorder();
        var keep = sim.Schedule(Ns(10), rec, 1);
        var drop = sim.Schedule(Ns(20), rec, 2);
        Assert.True(sim.Cancel(drop));
        Assert.False(sim.Cancel(drop));
        Assert.Equal(1, sim.PendingEvents);
        sim.Run();
        Assert.Equal([1L], rec.Args);
        Assert.False(sim.Cancel(keep));
        Assert.Equal(1, sim.ProcessedEvents);
    }

    [Fact]
    public void Cancel_of_an_event_fired_at_the_current_instant_returns_false()
    {
        var sim = new Simulation();
        var rec = new Recorder();
        var first = sim.Schedule(Ns(10), rec, 1);
        sim.Schedule(Ns(10), rec, 2);
        Assert.True(sim.Step());
        Assert.False(sim.Cancel(first));
    }

    [Fact]
    public void Run_until_stops_before_the_limit_and_sets_the_clock_to_it()
    {
        var sim = new Simulation();
        var rec = new Recorder();
        sim.Schedule(Ns(10), rec, 1);
        sim.Schedule(Ns(20), rec, 2);
        sim.Schedule(Ns(30), rec, 3);
        sim.Run(new SimTime(20));
        Assert.Equal([1L], rec.Args);
        Assert.Equal(20, sim.Now.Nanoseconds);
        sim.Run(new SimTime(100));
        Assert.Equal([1L, 2, 3], rec.Args);
        Assert.Equal(100, sim.Now.Nanoseconds);
    }

    [Fact]
    public void RunUntil_stops_as_soon_as_the_condition_holds()
    {
        var sim = new Simulation();
        var rec = new Recorder();
        for (var i = 1; i <= 10; i++)
        {
            sim.Schedule(Ns(i), rec, i);
        }

        Assert.True(sim.RunUntil(() => rec.Log.Count == 4));
        Assert.Equal(4, sim.Now.Nanoseconds);
        Assert.False(sim.RunUntil(() => false));
        Assert.Equal(10, rec.Log.Count);
    }

    [Fact]
    public void Step_fires_one_event_and_skips_cancelled_ones()
    {
        var sim = new Simulation();
        var rec = new Recorder();
        var a = sim.Schedule(Ns(1), rec, 1);
        sim.Schedule(Ns(2), rec, 2);
        sim.Cancel(a);
        Assert.Equal(new SimTime(2), sim.PeekTime());
        Assert.True(sim.Step());
        Assert.Equal([2L], rec.Args);
        Assert.False(sim.Step());
        Assert.Null(sim.PeekTime());
    }

    [Fact]
    public void Scheduling_in_the_past_or_with_an_out_of_range_priority_is_refused()
    {
        var sim = new Simulation();
        var rec = new Recorder();
        Assert.Throws<ArgumentOutOfRangeException>(() => sim.Schedule(Ns(-1), rec));
        Assert.Throws<ArgumentOutOfRangeException>(() => sim.Schedule(Ns(1), rec, 0, Simulation.MaxPriority + 1));
        sim.Schedule(Ns(10), rec);
        sim.Run();
        Assert.Throws<ArgumentOutOfRangeException>(() => sim.ScheduleAt(new SimTime(5), rec));
    }

    [Fact]
    public void Run_with_a_token_cancelled_beforehand_runs_no_event()
    {
        var sim = new Simulation();
        var forever = new Forever();
        sim.Schedule(Ns(1), forever);
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.Throws<OperationCanceledException>(() => sim.Run(cts.Token));
        Assert.Equal(0, sim.ProcessedEvents);
    }

    [Fact]
    public void Run_observes_cancellation_within_one_interval_in_one_long_call()
    {
        var sim = new Simulation();
        using var cts = new CancellationTokenSource();
        sim.Schedule(Ns(1), new Forever(cts, cancelAt: 10));
        Assert.Throws<OperationCanceledException>(() => sim.Run(cts.Token));
        Assert.Equal(Simulation.CancellationCheckInterval, sim.ProcessedEvents);
    }

    // ScenarioRunner runs one-second slices of a few dozen events; a per-call counter never reached the interval
    // and Ctrl-C went unnoticed for the whole run (issue 19).
    [Fact]
    public void Run_in_short_slices_notices_cancellation_in_the_next_slice()
    {
        var sim = new Simulation();
        using var cts = new CancellationTokenSource();
        sim.Schedule(Ns(1), new Forever(cts, cancelAt: 25));
        var slices = 0;
        var thrown = Assert.Throws<OperationCanceledException>(() =>
        {
            for (slices = 0; slices < 100_000; slices++)
            {
                sim.Run(sim.Now + Ns(10), cts.Token);
            }
        });
        Assert.NotNull(thrown);
        Assert.Equal(3, slices);
        Assert.Equal(29, sim.ProcessedEvents);
    }

    // Reschedules itself every nanosecond; cancels the token at its cancelAt-th event when given one.
    private sealed class Forever(CancellationTokenSource? cancellation = null, long cancelAt = 0) : IEventHandler
    {
        public void OnEvent(Simulation simulation, long arg)
        {
            if (cancellation is not null && simulation.ProcessedEvents == cancelAt)
            {
                cancellation.Cancel();
            }

            simulation.Schedule(SimDuration.FromNanoseconds(1), this);
        }
    }

    [Fact]
    public void Action_callbacks_run_at_their_time()
    {
        var sim = new Simulation();
        var seen = new List<long>();
        sim.Schedule(Ns(7), () => seen.Add(sim.Now.Nanoseconds));
        sim.Run();
        Assert.Equal([7L], seen);
    }
}
