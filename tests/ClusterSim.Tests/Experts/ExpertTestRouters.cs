using ClusterSim.Engine;
using ClusterSim.Engine.Random;
using ClusterSim.Experts;

namespace ClusterSim.Tests.Experts;

/// <summary>Routers over hand-made popularity with a clock the test moves.</summary>
internal sealed class ExpertTestRouters
{
    public SimTime Now { get; set; }

    public ExpertRouter Create(
        ExpertPopularity popularity,
        int expertsPerToken,
        int ranks,
        int slotsPerRank,
        PlacementKind placement = PlacementKind.Contiguous,
        ExpertRebalanceSpec? rebalance = null,
        ExpertMigrationCost? migration = null,
        ulong seed = 7,
        int groups = 1,
        int groupsPerToken = 1)
    {
        var sampler = new RoutingSampler(popularity.Experts, expertsPerToken, groups, groupsPerToken, new RandomStream(seed));
        return new ExpertRouter(
            popularity,
            sampler,
            placement,
            rebalance ?? ExpertRebalanceSpec.Off,
            ranks,
            slotsPerRank,
            migration ?? new ExpertMigrationCost(0, 0, 0),
            () => Now);
    }

    /// <summary>Zipf weights 1/i^s for i = 1..experts, in index order (not shuffled).</summary>
    public static double[] Zipf(int experts, double s) => Enumerable.Range(1, experts).Select(i => 1 / Math.Pow(i, s)).ToArray();

    /// <summary>Routes one layer and returns (per-expert Γ, per-rank Γ).</summary>
    public static (double Expert, double Rank) Route(ExpertRouter router, long tokens)
    {
        var loads = new long[router.Ranks];
        var slots = new int[router.Ranks * router.SlotsPerRank];
        var expert = router.RouteNextLayer(tokens, loads, slots);
        return (expert, (double)loads.Max() / loads.Average());
    }
}
