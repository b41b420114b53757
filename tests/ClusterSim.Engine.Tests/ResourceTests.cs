namespace ClusterSim.Engine.Tests;

public sealed class ResourceTests
{
    private static SimDuration S(double s) => SimDuration.FromSeconds(s);

    private static IEnumerable<Event> Customer(Simulation sim, ResourceBase res, Func<ResourceRequest> request, string name, double arriveS, double serviceS, List<string> log)
    {
        yield return sim.Timeout(S(arriveS));
        var req = request();
        yield return req;
        log.Add($"{name}@{sim.Now.TotalSeconds}");
        yield return sim.Timeout(S(serviceS));
        res.Release(req);
    }

    [Fact]
    public void Resource_serves_waiting_requests_first_come_first_served()
    {
        var sim = new Simulation();
        var res = new Resource(sim, 1);
        var log = new List<string>();
        // Arrivals at 0, 1, 2, 3 of 5 s jobs on one server: service starts at 0, 5, 10, 15.
        foreach (var (name, at) in new[] { ("a", 0.0), ("b", 1.0), ("c", 2.0), ("d", 3.0) })
        {
            sim.Process(Customer(sim, res, res.Request, name, at, 5, log));
        }

        sim.Run();
        Assert.Equal(["a@0", "b@5", "c@10", "d@15"], log);
    }

    [Fact]
    public void Resource_statistics_are_time_weighted()
    {
        var sim = new Simulation();
        var res = new Resource(sim, 2);
        var log = new List<string>();
        // Three 4 s jobs at t=0 on two servers: busy 2 for [0,4), 1 for [4,8); queue 1 for [0,4).
        for (var i = 0; i < 3; i++)
        {
            sim.Process(Customer(sim, res, res.Request, $"j{i}", 0, 4, log));
        }

        sim.Run();
        Assert.Equal(8.0, sim.Now.TotalSeconds);
        // Busy mean = (2*4 + 1*4) / 8 = 1.5; utilization = 1.5 / 2 = 0.75. Queue mean = (1*4) / 8 = 0.5.
        Assert.Equal(1.5, res.Busy.Mean(sim.Now), 12);
        Assert.Equal(0.75, res.Utilization, 12);
        Assert.Equal(0.5, res.QueueLength.Mean(sim.Now), 12);
        Assert.Equal(1.0, res.QueueLength.Max);
    }

    [Fact]
    public void PriorityResource_serves_lower_priority_numbers_first_and_FIFO_among_equals()
    {
        var sim = new Simulation();
        var res = new PriorityResource(sim, 1);
        var log = new List<string>();
        sim.Process(Customer(sim, res, () => res.Request(5), "holder", 0, 10, log));
        sim.Process(Customer(sim, res, () => res.Request(3), "low1", 1, 1, log));
        sim.Process(Customer(sim, res, () => res.Request(1), "high", 2, 1, log));
        sim.Process(Customer(sim, res, () => res.Request(3), "low2", 3, 1, log));
        sim.Run();
        Assert.Equal(["holder@0", "high@10", "low1@11", "low2@12"], log);
    }

    [Fact]
    public void PreemptiveResource_interrupts_the_least_urgent_holder_with_a_Preempted_cause()
    {
        var sim = new Simulation();
        var res = new PreemptiveResource(sim, 1);
        var log = new List<string>();
        IEnumerable<Event> Batch(Process self)
        {
            var req = res.Request(priority: 5);
            yield return req;
            log.Add($"batch starts {sim.Now.TotalSeconds}");
            yield return sim.Timeout(S(10));
            if (self.Interrupted && self.InterruptCause is Preempted p)
            {
                log.Add($"batch preempted {sim.Now.TotalSeconds} used since {p.UsageSince.TotalSeconds} by priority {p.By.Priority}");
                res.Release(req); // harmless: the unit is already gone
                yield break;
            }

            res.Release(req);
        }

        sim.Process(Batch);
        sim.Process(Customer(sim, res, () => res.Request(priority: 1), "urgent", 3, 2, log));
        sim.Run();
        Assert.Equal(["batch starts 0", "batch preempted 3 used since 0 by priority 1", "urgent@3"], log);
        Assert.Equal(0, res.InUse);
    }

    [Fact]
    public void PreemptiveResource_does_not_preempt_equal_priority()
    {
        var sim = new Simulation();
        var res = new PreemptiveResource(sim, 1);
        var log = new List<string>();
        sim.Process(Customer(sim, res, () => res.Request(2), "first", 0, 5, log));
        sim.Process(Customer(sim, res, () => res.Request(2), "second", 1, 1, log));
        sim.Run();
        Assert.Equal(["first@0", "second@5"], log);
    }

    [Fact]
    public void Releasing_a_queued_request_withdraws_it()
    {
        var sim = new Simulation();
        var res = new Resource(sim, 1);
        var held = res.Request();
        var queued = res.Request();
        var third = res.Request();
        Assert.Equal(2, res.Queued);
        queued.Release();
        Assert.Equal(1, res.Queued);
        held.Release();
        sim.Run();
        Assert.True(third.IsOk);
        Assert.True(queued.IsCancelled);
        Assert.Same(third, Assert.Single(res.Users));
    }

    [Fact]
    public void A_queued_request_cancelled_directly_is_skipped_when_a_unit_frees()
    {
        var sim = new Simulation();
        var res = new Resource(sim, 1);
        var held = res.Request();
        var cancelled = res.Request();
        var next = res.Request();
        Assert.True(cancelled.Cancel());
        held.Release();
        sim.Run();
        Assert.True(next.IsOk);
        Assert.Equal(0, res.Queued);
    }

    [Fact]
    public void A_process_holding_a_unit_does_not_preempt_itself()
    {
        var sim = new Simulation();
        var res = new PreemptiveResource(sim, 1);
        ResourceRequest? second = null;
        IEnumerable<Event> Greedy()
        {
            var first = res.Request(priority: 5);
            yield return first;
            second = res.Request(priority: 1);
            yield return sim.Timeout(SimDuration.FromSeconds(1));
            res.Release(first);
            yield return second;
            res.Release(second);
        }

        sim.Process(Greedy());
        sim.Run();
        Assert.True(second!.IsOk);
        Assert.Equal(1.0, second.GrantedAt.TotalSeconds);
    }
}
