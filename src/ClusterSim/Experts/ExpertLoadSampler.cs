using ClusterSim.Engine;
using ClusterSim.Engine.Random;
using ClusterSim.Models;

namespace ClusterSim.Experts;

/// <summary>
/// Samples how many tokens each routed expert receives in one MoE layer of one step, as counts: a multinomial of
/// B·k token copies over the experts' popularity, never more than O(experts) binomials per layer (few copies are
/// thrown one by one through an alias table, at most 16 per expert; see <see cref="MultinomialSampler"/>).
/// </summary>
/// <remarks>
/// Top-k routing picks k distinct experts per token; sampling the k·B copies independently ignores that
/// distinctness, which matters only when k is a large share of E (not for DeepSeek's 8 of 256). Placement is
/// contiguous: EP rank r holds experts [r·E/EP, (r+1)·E/EP).
/// </remarks>
public sealed class ExpertLoadSampler
{
    private readonly RandomStream _random;
    private readonly double[] _popularity;
    private readonly long[] _counts;
    private readonly int _expertsPerToken;
    private readonly MultinomialSampler _multinomial;

    /// <summary>A sampler over <paramref name="popularity"/> (one weight per expert; uniform when all equal).</summary>
    public ExpertLoadSampler(double[] popularity, int expertsPerToken, RandomStream random)
    {
        ArgumentNullException.ThrowIfNull(popularity);
        ArgumentOutOfRangeException.ThrowIfLessThan(popularity.Length, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(expertsPerToken, 1);
        _popularity = popularity;
        _expertsPerToken = expertsPerToken;
        _random = random;
        _counts = new long[popularity.Length];
        _multinomial = new MultinomialSampler(popularity.Length);
    }

    /// <summary>A sampler with every expert equally popular.</summary>
    public static ExpertLoadSampler Uniform(int experts, int expertsPerToken, RandomStream random) =>
        new(Enumerable.Repeat(1.0, experts).ToArray(), expertsPerToken, random);

    /// <summary>
    /// A router with this sampler's popularity in every MoE layer of <paramref name="costs"/>' model, contiguous
    /// placement and no rebalancing (the pricing before routing skew and EPLB existed).
    /// </summary>
    public ExpertRouter ToContiguousRouter(OperatorCostModel costs)
    {
        ArgumentNullException.ThrowIfNull(costs);
        var layers = Math.Max(1, costs.Model.LayerCounts.Moe);
        var popularity = ExpertPopularity.Fixed(Enumerable.Repeat(_popularity, layers).ToArray());
        var sampler = new RoutingSampler(Experts, _expertsPerToken, 1, 1, _random);
        return new ExpertRouter(
            popularity, sampler, PlacementKind.Contiguous, ExpertRebalanceSpec.Off, costs.Plan.ExpertParallel, Math.Max(1, costs.ExpertsPerRank), new ExpertMigrationCost(0, 0, 0), () => SimTime.Zero);
    }

    /// <summary>Routed experts (E).</summary>
    public int Experts => _popularity.Length;

    /// <summary>Samples a layer's routing for <paramref name="tokens"/> tokens; the counts stay valid until the next call.</summary>
    public ReadOnlySpan<long> Sample(long tokens)
    {
        _multinomial.Sample(_random, tokens * _expertsPerToken, _popularity, _counts);
        return _counts;
    }

    /// <summary>
    /// Sums expert counts into per-EP-rank loads under contiguous placement and writes each rank's per-expert
    /// counts (as ints) into <paramref name="perRankExpertCounts"/> at offset rank·expertsPerRank.
    /// </summary>
    public static void ToRanks(ReadOnlySpan<long> counts, int ranks, Span<long> rankLoads, Span<int> perRankExpertCounts, int expertsPerRank)
    {
        rankLoads[..ranks].Clear();
        perRankExpertCounts.Clear();
        var experts = counts.Length;
        for (var e = 0; e < experts; e++)
        {
            var rank = (int)((long)e * ranks / experts);
            var first = (int)(((long)rank * experts + ranks - 1) / ranks);
            rankLoads[rank] += counts[e];
            perRankExpertCounts[(rank * expertsPerRank) + (e - first)] = checked((int)counts[e]);
        }
    }
}
