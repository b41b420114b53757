using ClusterSim.Engine.Random;
using FsCheck.Xunit;

namespace ClusterSim.Engine.Tests;

public sealed class DeterminismAndPropertyTests
{
    /// <summary>A small mixed model: processes, a resource, a store and callbacks, all drawing random numbers.</summary>
    private static List<string> RunMixedModel(ulong seed)
    {
        var sim = new Simulation(seed);
        var log = new List<string>();
        var res = new Resource(sim, 2);
        var store = new Store<int>(sim);
        var arrivals = sim.Random.Get("arrivals");
        var service = sim.Random.Get("service");
        IEnumerable<Event> Job(int id)
        {
            var req = res.Request();
            yield return req;
            log.Add($"{sim.Now.Nanoseconds} start {id}");
            yield return sim.Delay(SimDuration.FromSeconds(service.Exponential(1.0)));
            res.Release(req);
            store.Put(id);
        }

        IEnumerable<Event> Source()
        {
            for (var i = 0; i < 200; i++)
            {
                yield return sim.Timeout(SimDuration.FromSeconds(arrivals.Exponential(1.5)));
                sim.Process(Job(i));
            }
        }

        IEnumerable<Event> Sink()
        {
            while (true)
            {
                var g = store.Get();
                yield return g;
                log.Add($"{sim.Now.Nanoseconds} done {g.Value}");
            }
        }

        sim.Process(Source());
        sim.Process(Sink());
        sim.Run();
        log.Add($"events {sim.ProcessedEvents}");
        return log;
    }

    [Fact]
    public void Two_runs_with_the_same_seed_produce_identical_event_logs()
    {
        var a = RunMixedModel(12345);
        var b = RunMixedModel(12345);
        Assert.True(a.Count > 400);
        Assert.Equal(a, b);
        Assert.NotEqual(a, RunMixedModel(54321));
    }

    private sealed class Checker : IEventHandler
    {
        public long LastTime = -1;
        public bool WentBack;
        public Dictionary<long, int> FireCounts { get; } = [];

        public void OnEvent(Simulation simulation, long arg)
        {
            WentBack |= simulation.Now.Nanoseconds < LastTime;
            LastTime = simulation.Now.Nanoseconds;
            FireCounts[arg] = FireCounts.GetValueOrDefault(arg) + 1;
            // Every fourth event schedules a follow-up, some at the same instant, to exercise the ring.
            if (arg % 4 == 0 && arg < 1_000_000)
            {
                simulation.Schedule(SimDuration.FromNanoseconds(arg % 3), this, arg + 1_000_000);
            }
        }
    }

    [Property(MaxTest = 200)]
    public bool Time_never_goes_backwards_and_every_uncancelled_event_fires_exactly_once(byte[] delays, int[] priorities, bool[] cancelMask)
    {
        var sim = new Simulation();
        var checker = new Checker();
        var handles = new List<(long Arg, EventHandle Handle)>();
        for (var i = 0; i < delays.Length; i++)
        {
            var priority = priorities.Length == 0 ? 0 : priorities[i % priorities.Length] % 5;
            handles.Add((i, sim.Schedule(SimDuration.FromNanoseconds(delays[i] % 16), checker, i, priority)));
        }

        var cancelled = new HashSet<long>();
        for (var i = 0; i < handles.Count && i < cancelMask.Length; i++)
        {
            if (cancelMask[i] && sim.Cancel(handles[i].Handle))
            {
                cancelled.Add(handles[i].Arg);
            }
        }

        sim.Run();
        var expected = Enumerable.Range(0, delays.Length).Where(i => !cancelled.Contains(i)).ToList();
        var followUps = expected.Where(i => i % 4 == 0).Select(i => i + 1_000_000L);
        var allExpected = expected.Select(i => (long)i).Concat(followUps).ToHashSet();
        return !checker.WentBack
            && checker.FireCounts.Count == allExpected.Count
            && checker.FireCounts.All(kv => kv.Value == 1 && allExpected.Contains(kv.Key))
            && sim.PendingEvents == 0;
    }

    [Property(MaxTest = 100)]
    public bool Process_timeouts_resume_in_time_order_and_never_before_they_are_due(byte[] delays)
    {
        var sim = new Simulation();
        var resumedAt = new List<long>();
        var ok = true;
        IEnumerable<Event> Sleeper(int d)
        {
            var due = sim.Now.Nanoseconds + d;
            yield return sim.Delay(SimDuration.FromNanoseconds(d));
            ok &= sim.Now.Nanoseconds == due;
            resumedAt.Add(sim.Now.Nanoseconds);
        }

        foreach (var d in delays)
        {
            sim.Process(Sleeper(d));
        }

        sim.Run();
        return ok && resumedAt.Count == delays.Length && resumedAt.SequenceEqual(resumedAt.Order());
    }

    [Fact]
    public void Same_seed_gives_the_same_stream_per_component_and_names_do_not_interfere()
    {
        var a = new RandomStreams(7);
        var b = new RandomStreams(7);
        _ = b.Get("other").NextUInt64();
        Assert.Equal(a.Get("arrivals").NextUInt64(), b.Get("arrivals").NextUInt64());
        Assert.Same(a.Get("x"), a.Get("x"));
    }
}
