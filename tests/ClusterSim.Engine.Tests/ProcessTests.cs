namespace ClusterSim.Engine.Tests;

public sealed class ProcessTests
{
    private static SimDuration Ms(double ms) => SimDuration.FromMilliseconds(ms);

    [Fact]
    public void Process_waits_for_timeouts_and_ends_as_an_event()
    {
        var sim = new Simulation();
        var times = new List<double>();
        IEnumerable<Event> Body()
        {
            times.Add(sim.Now.TotalMilliseconds);
            yield return sim.Timeout(Ms(2));
            times.Add(sim.Now.TotalMilliseconds);
            yield return sim.Delay(Ms(3));
            times.Add(sim.Now.TotalMilliseconds);
        }

        var p = sim.Process(Body());
        Assert.True(p.IsAlive);
        sim.Run();
        Assert.Equal([0.0, 2, 5], times);
        Assert.False(p.IsAlive);
        Assert.True(p.IsProcessed);
    }

    [Fact]
    public void A_process_can_wait_for_another_and_read_its_typed_result()
    {
        var sim = new Simulation();
        IEnumerable<Event> Child(Process<int> self)
        {
            yield return sim.Timeout(Ms(4));
            self.SetResult(42);
        }

        var got = 0;
        double at = 0;
        IEnumerable<Event> Parent()
        {
            var child = sim.Process<int>(Child);
            yield return child;
            got = child.Result;
            at = sim.Now.TotalMilliseconds;
        }

        sim.Process(Parent());
        sim.Run();
        Assert.Equal(42, got);
        Assert.Equal(4.0, at);
    }

    [Fact]
    public void Interrupt_resumes_the_waiting_yield_early_with_the_cause_and_the_next_yield_clears_it()
    {
        var sim = new Simulation();
        var log = new List<string>();
        IEnumerable<Event> Worker(Process self)
        {
            yield return sim.Timeout(Ms(10));
            log.Add($"{sim.Now.TotalMilliseconds} interrupted={self.Interrupted} cause={self.InterruptCause}");
            yield return sim.Timeout(Ms(1));
            log.Add($"{sim.Now.TotalMilliseconds} interrupted={self.Interrupted} cause={self.InterruptCause}");
        }

        var worker = sim.Process(Worker);
        IEnumerable<Event> Boss()
        {
            yield return sim.Timeout(Ms(3));
            worker.Interrupt("reconfigure");
        }

        sim.Process(Boss());
        sim.Run();
        Assert.Equal(["3 interrupted=True cause=reconfigure", "4 interrupted=False cause="], log);
        // The abandoned 10 ms timeout still fires (nobody listens), so the clock ends there.
        Assert.Equal(10.0, sim.Now.TotalMilliseconds);
    }

    [Fact]
    public void Interrupting_a_finished_process_is_refused()
    {
        var sim = new Simulation();
        IEnumerable<Event> Quick()
        {
            yield return sim.Timeout(Ms(1));
        }

        var p = sim.Process(Quick());
        sim.Run();
        Assert.Throws<InvalidOperationException>(() => p.Interrupt());
    }

    [Fact]
    public void Typed_events_deliver_values_and_failures_without_throwing_into_the_waiter()
    {
        var sim = new Simulation();
        var ok = sim.Event<string>();
        var bad = sim.Event<string>();
        var seen = new List<string>();
        IEnumerable<Event> Waiter()
        {
            yield return ok;
            seen.Add(ok.Value);
            yield return bad;
            seen.Add(bad.IsFailed ? "failed: " + bad.Error!.Message : bad.Value);
        }

        sim.Process(Waiter());
        sim.Schedule(Ms(1), () => ok.Succeed("hello"));
        sim.Schedule(Ms(2), () => bad.Fail(new InvalidOperationException("link down")));
        sim.Run();
        Assert.Equal(["hello", "failed: link down"], seen);
        Assert.Throws<InvalidOperationException>(() => bad.Value);
        Assert.Throws<InvalidOperationException>(() => ok.Succeed("again"));
        Assert.Equal("hello", ok.Value);
    }

    [Fact]
    public void AllOf_waits_for_the_last_and_AnyOf_for_the_first()
    {
        var sim = new Simulation();
        double allAt = -1, anyAt = -1;
        Event? first = null;
        IEnumerable<Event> Body()
        {
            var a = sim.Timeout(Ms(1));
            var b = sim.Timeout(Ms(5));
            var any = sim.AnyOf(b, a);
            yield return any;
            anyAt = sim.Now.TotalMilliseconds;
            first = any.First;
            yield return sim.AllOf(a, b, sim.Timeout(Ms(3)));
            allAt = sim.Now.TotalMilliseconds;
        }

        sim.Process(Body());
        sim.Run();
        Assert.Equal(1.0, anyAt);
        Assert.Equal(5.0, allAt);
        Assert.Equal(Ms(1), ((Timeout)first!).Delay);
    }

    [Fact]
    public void AllOf_fails_with_the_first_failure_and_empty_conditions_succeed_at_once()
    {
        var sim = new Simulation();
        var e1 = sim.Event();
        var e2 = sim.Event();
        var all = sim.AllOf(e1, e2);
        e1.Fail(new InvalidOperationException("boom"));
        sim.Run();
        Assert.True(all.IsFailed);
        Assert.Equal("boom", all.Error!.Message);
        var empty = sim.AllOf();
        var none = sim.AnyOf();
        sim.Run();
        Assert.True(empty.IsOk);
        Assert.True(none.IsOk);
    }

    [Fact]
    public void A_cancelled_timeout_never_wakes_its_waiter_and_a_timeout_pattern_works_with_AnyOf()
    {
        var sim = new Simulation();
        var reply = sim.Event<int>();
        var outcome = string.Empty;
        IEnumerable<Event> Client()
        {
            var deadline = sim.Timeout(Ms(10));
            yield return sim.AnyOf(reply, deadline);
            outcome = reply.IsOk ? $"reply {reply.Value}" : "timed out";
            deadline.Cancel();
        }

        sim.Process(Client());
        sim.Schedule(Ms(4), () => reply.Succeed(7));
        sim.Run();
        Assert.Equal("reply 7", outcome);
        // The deadline was cancelled, so the last event was the reply at 4 ms.
        Assert.Equal(4.0, sim.Now.TotalMilliseconds);
    }

    [Fact]
    public void Cancel_of_a_pending_timeout_drops_it_from_the_queue()
    {
        var sim = new Simulation();
        var t = sim.Timeout(Ms(5));
        var fired = false;
        t.AddCallback(_ => fired = true);
        Assert.True(t.Cancel());
        Assert.False(t.Cancel());
        sim.Run();
        Assert.False(fired);
        Assert.Equal(0, sim.ProcessedEvents);
        Assert.True(t.IsCancelled);
    }

    [Fact]
    public void Yielding_an_already_processed_event_continues_immediately()
    {
        var sim = new Simulation();
        var e = sim.Event();
        e.Succeed();
        sim.Run();
        var resumed = -1.0;
        IEnumerable<Event> Body()
        {
            yield return sim.Timeout(Ms(1));
            yield return e;
            resumed = sim.Now.TotalMilliseconds;
        }

        sim.Process(Body());
        sim.Run();
        Assert.Equal(1.0, resumed);
    }

    [Fact]
    public void Delay_reuses_pooled_timeouts_so_a_long_loop_allocates_almost_nothing()
    {
        var sim = new Simulation();
        IEnumerable<Event> Loop(int n)
        {
            for (var i = 0; i < n; i++)
            {
                yield return sim.Delay(SimDuration.FromNanoseconds(10));
            }
        }

        sim.Process(Loop(1000));
        sim.Run();
        sim.Process(Loop(100_000));
        var before = GC.GetAllocatedBytesForCurrentThread();
        sim.Run();
        var perEvent = (GC.GetAllocatedBytesForCurrentThread() - before) / 100_000.0;
        Assert.True(perEvent < 1.0, $"allocated {perEvent} bytes per event");
    }

    [Fact]
    public void Interrupting_a_process_waiting_on_a_pooled_delay_drops_that_delay_from_the_queue()
    {
        var sim = new Simulation();
        IEnumerable<Event> Sleeper()
        {
            yield return sim.Delay(SimDuration.FromSeconds(100));
        }

        var p = sim.Process(Sleeper());
        sim.Schedule(SimDuration.FromSeconds(1), () => p.Interrupt());
        sim.Run();
        // Without the cancellation the clock would end at 100 s, when the abandoned delay fired.
        Assert.Equal(1.0, sim.Now.TotalSeconds);
        Assert.False(p.IsAlive);
    }
}
