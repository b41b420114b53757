namespace ClusterSim.Engine.Tests;

public sealed class StoreAndContainerTests
{
    private static SimDuration S(double s) => SimDuration.FromSeconds(s);

    [Fact]
    public void Store_hands_items_out_in_FIFO_order_to_getters_in_FIFO_order()
    {
        var sim = new Simulation();
        var store = new Store<string>(sim);
        var got = new List<string>();
        IEnumerable<Event> Consumer(string name)
        {
            var get = store.Get();
            yield return get;
            got.Add($"{name}:{get.Value}@{sim.Now.TotalSeconds}");
        }

        sim.Process(Consumer("c1"));
        sim.Process(Consumer("c2"));
        sim.Schedule(S(1), () => store.Put("x"));
        sim.Schedule(S(2), () => store.Put("y"));
        sim.Run();
        Assert.Equal(["c1:x@1", "c2:y@2"], got);
    }

    [Fact]
    public void Bounded_store_blocks_puts_until_room_appears()
    {
        var sim = new Simulation();
        var store = new Store<int>(sim, capacity: 1);
        var putTimes = new List<double>();
        IEnumerable<Event> Producer()
        {
            for (var i = 0; i < 3; i++)
            {
                yield return store.Put(i);
                putTimes.Add(sim.Now.TotalSeconds);
            }
        }

        IEnumerable<Event> Consumer()
        {
            for (var i = 0; i < 3; i++)
            {
                yield return sim.Timeout(S(2));
                yield return store.Get();
            }
        }

        sim.Process(Producer());
        sim.Process(Consumer());
        sim.Run();
        Assert.Equal([0.0, 2, 4], putTimes);
        Assert.False(store.TryPut(9) && store.TryPut(10));
    }

    [Fact]
    public void FilterStore_lets_a_matching_getter_overtake_a_blocked_one()
    {
        var sim = new Simulation();
        var store = new FilterStore<int>(sim);
        var wantsEven = store.Get(x => x % 2 == 0);
        var wantsOdd = store.Get(x => x % 2 == 1);
        store.Put(3);
        sim.Run();
        Assert.True(wantsOdd.IsOk);
        Assert.Equal(3, wantsOdd.Value);
        Assert.True(wantsEven.IsPending);
        store.Put(4);
        sim.Run();
        Assert.Equal(4, wantsEven.Value);
    }

    [Fact]
    public void PriorityStore_gives_the_smallest_item_first_and_FIFO_among_equals()
    {
        var sim = new Simulation();
        var store = new PriorityStore<(int Priority, string Name)>(sim, Comparer<(int Priority, string Name)>.Create((a, b) => a.Priority.CompareTo(b.Priority)));
        store.Put((2, "b"));
        store.Put((1, "a1"));
        store.Put((1, "a2"));
        store.Put((0, "z"));
        var order = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            var g = store.Get();
            sim.Run();
            order.Add(g.Value.Name);
        }

        Assert.Equal(["z", "a1", "a2", "b"], order);
    }

    [Fact]
    public void Container_blocks_gets_until_the_level_suffices_and_tracks_the_time_weighted_level()
    {
        var sim = new Simulation();
        var hbm = new Container(sim, capacity: 100, initialLevel: 0);
        var gotAt = -1.0;
        IEnumerable<Event> Taker()
        {
            yield return hbm.Get(60);
            gotAt = sim.Now.TotalSeconds;
        }

        sim.Process(Taker());
        sim.Schedule(S(1), () => hbm.Put(40));
        sim.Schedule(S(2), () => hbm.Put(40));
        sim.Run(SimTime.FromSeconds(4));
        Assert.Equal(2.0, gotAt);
        Assert.Equal(20.0, hbm.Level);
        // Level 0 on [0,1), 40 on [1,2), then 80-60 = 20 on [2,4): mean = (0 + 40 + 40) / 4 = 20; max 40.
        Assert.Equal(20.0, hbm.LevelHistory.Mean(sim.Now), 12);
        Assert.Equal(40.0, hbm.LevelHistory.Max);
        Assert.Equal(0.2, hbm.Utilization, 12);
    }

    [Fact]
    public void Container_refuses_puts_beyond_capacity_without_waiting_in_TryPut_and_waits_in_Put()
    {
        var sim = new Simulation();
        var c = new Container(sim, capacity: 10, initialLevel: 8);
        Assert.False(c.TryPut(3));
        Assert.True(c.TryGet(5));
        Assert.Equal(3.0, c.Level);
        var put = c.Put(9);
        Assert.True(put.IsPending);
        Assert.False(c.TryGet(4));
        Assert.True(c.TryGet(2));
        sim.Run();
        Assert.True(put.IsOk);
        Assert.Equal(10.0, c.Level);
        Assert.Throws<ArgumentOutOfRangeException>(() => c.Put(-1));
    }

    [Fact]
    public void Store_gets_cancelled_directly_or_withdrawn_do_not_take_items()
    {
        var sim = new Simulation();
        var store = new Store<int>(sim);
        var direct = store.Get();
        var withdrawn = store.Get();
        var served = store.Get();
        direct.Cancel();
        Assert.True(store.CancelGet(withdrawn));
        store.Put(5);
        sim.Run();
        Assert.Equal(5, served.Value);
        Assert.True(direct.IsCancelled && withdrawn.IsCancelled);
    }

    [Fact]
    public void Running_processes_cannot_be_cancelled()
    {
        var sim = new Simulation();
        var p = sim.Process(Forever(sim));
        sim.Run(SimTime.FromSeconds(1));
        Assert.Throws<InvalidOperationException>(() => p.Cancel());
    }

    private static IEnumerable<Event> Forever(Simulation sim)
    {
        while (true)
        {
            yield return sim.Delay(SimDuration.FromSeconds(0.25));
        }
    }
}
