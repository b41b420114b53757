using ClusterSim.Scheduling;
using ClusterSim.Scheduling.Routing;
using static ClusterSim.Tests.Scheduling.PolicyTestKit;

namespace ClusterSim.Tests.Scheduling;

public sealed class RouterTests
{
    private sealed class Pool(params AttentionRank[][] instances) : IRoutingView
    {
        public int InstanceCount => instances.Length;

        public IReadOnlyList<AttentionRank> RanksOf(int instance) => instances[instance];
    }

    private static Pool TwoByTwo(long[] loads)
    {
        var ranks = loads.Select(l => { var r = Rank(); r.OutstandingTokens = l; return r; }).ToArray();
        return new Pool([ranks[0], ranks[1]], [ranks[2], ranks[3]]);
    }

    [Fact]
    public void Least_load_picks_the_rank_with_fewest_outstanding_tokens()
    {
        var pool = TwoByTwo([500, 300, 100, 400]);

        var target = new SchedulerCatalog().CreateRouter("least-load").Route(Request(1, 0, 10), pool);

        Assert.Equal(new RouteTarget(1, 0), target);
    }

    [Fact]
    public void Least_load_reads_shared_loads_that_follow_every_later_change_and_keeps_the_first_of_equals()
    {
        var first = new[] { Rank(), Rank() };
        var second = new[] { Rank(), Rank() };
        first[0].OutstandingTokens = 700;
        var shared = new[] { SharedRankLoads.Share(first), SharedRankLoads.Share(second) };
        var pool = new SharedPool([first, second], shared);
        var router = new SchedulerCatalog().CreateRouter("least-tokens");

        // Moved into the shared array with its value; then loads 700, 500 | 200, 200.
        Assert.Equal(700, shared[0][0]);
        first[1].OutstandingTokens = 500;
        second[0].OutstandingTokens = 300;
        second[0].OutstandingTokens -= 100;
        second[1].OutstandingTokens = 200;
        Assert.Equal([700L, 500L], shared[0]);
        Assert.Equal(new RouteTarget(1, 0), router.Route(Request(1, 0, 10), pool));

        // 700, 150 | 200, 200: the second rank of the first instance is now the least loaded.
        first[1].OutstandingTokens -= 350;
        Assert.Equal(new RouteTarget(0, 1), router.Route(Request(2, 0, 10), pool));
    }

    private sealed class SharedPool(AttentionRank[][] instances, long[][] loads) : IRoutingView
    {
        public int InstanceCount => instances.Length;

        public IReadOnlyList<AttentionRank> RanksOf(int instance) => instances[instance];

        public ReadOnlySpan<long> LoadsOf(int instance) => loads[instance];
    }

    [Fact]
    public void Power_of_two_picks_the_less_loaded_of_two_distinct_draws_and_is_reproducible_from_the_seed()
    {
        var pool = TwoByTwo([400, 300, 200, 100]);
        var a = new PowerOfTwoChoicesRouter(new RouterContext(42, "serving"));
        var b = new PowerOfTwoChoicesRouter(new RouterContext(42, "serving"));
        var picks = new List<RouteTarget>();
        for (var i = 0; i < 200; i++)
        {
            var target = a.Route(Request(i, 0, 10), pool);
            Assert.Equal(target, b.Route(Request(i, 0, 10), pool));
            picks.Add(target);
        }

        // Loads are distinct and unchanged, so the most loaded rank (0,0) can never win a pair, and the least
        // loaded (1,1) wins every pair it is in: 3 of the 6 pairs, so about half of 200 picks.
        Assert.DoesNotContain(new RouteTarget(0, 0), picks);
        Assert.InRange(picks.Count(p => p == new RouteTarget(1, 1)), 70, 130);
    }

    [Fact]
    public void Kv_aware_counts_waiting_prompts_against_free_blocks()
    {
        var busy = Rank(blocks: 100, blockTokens: 16);
        var idle = Rank(blocks: 80, blockTokens: 16);
        // busy: 100 free blocks but a waiting 960-token prompt claims 60 -> 40 effectively free; idle: 80 free.
        Enqueue(busy, Request(1, 0, 960));
        var pool = new Pool([busy, idle]);

        var target = new KvAwareRouter().Route(Request(2, 0, 10), pool);

        Assert.Equal(40, KvAwareRouter.EffectiveFreeBlocks(busy));
        Assert.Equal(new RouteTarget(0, 1), target);
    }

    [Fact]
    public void Prefix_affinity_sends_a_shared_prefix_to_one_home_rank_until_it_is_overloaded()
    {
        var pool = TwoByTwo([0, 0, 0, 0]);
        var router = new PrefixAffinityRouter(maxImbalanceTokens: 1000);
        var hashes = new ulong[] { 6, 99 };
        var request = new RequestState(1, At(0), 100, 10, hashes);

        // Home = first hash mod 4 ranks = 6 mod 4 = 2 -> instance 1, rank 0.
        Assert.Equal(new RouteTarget(1, 0), router.Route(request, pool));

        pool.RanksOf(1)[0].OutstandingTokens = 1001;
        Assert.Equal(new RouteTarget(0, 0), router.Route(request, pool));
    }

    [Fact]
    public void Round_robin_cycles_through_every_instance_and_rank()
    {
        var pool = TwoByTwo([0, 0, 0, 0]);
        var router = new RoundRobinRouter();

        var targets = Enumerable.Range(0, 5).Select(i => router.Route(Request(i, 0, 10), pool)).ToArray();

        Assert.Equal([new(0, 0), new(0, 1), new(1, 0), new(1, 1), new(0, 0)], targets);
    }
}
