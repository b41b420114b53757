using ClusterSim.Engine;
using ClusterSim.Engine.Random;
using ClusterSim.Experts;
using Xunit;

namespace ClusterSim.Tests.Experts;

public sealed class DriftTests
{
    [Fact]
    public void At_rotate_turns_the_coldest_expert_into_the_hottest_every_one_over_rate_seconds()
    {
        // Weights [0.4, 0.3, 0.2, 0.1] (ranks 0..3), rate 0.5 places per second. Before t = 2 s nothing moves; from
        // 2 s each expert drops one place and expert 3 (the coldest) takes the top: [0.3, 0.2, 0.1, 0.4].
        var histogram = new ExpertHistogram(new Dictionary<int, double[]> { [0] = [4, 3, 2, 1] }, "test");
        var popularity = ExpertPopularity.Create(new ExpertRoutingSpec(PopularityKind.Empirical, Drift: DriftKind.Rotate, DriftRate: 0.5), 4, 1, new RandomStream(1), histogram);
        Assert.Equal([0.4, 0.3, 0.2, 0.1], popularity.At(0, SimTime.Zero + SimDuration.FromSeconds(1.9)).ToArray());
        Assert.Equal([0.3, 0.2, 0.1, 0.4], popularity.At(0, SimTime.Zero + SimDuration.FromSeconds(2)).ToArray());
        Assert.Equal([0.2, 0.1, 0.4, 0.3], popularity.At(0, SimTime.Zero + SimDuration.FromSeconds(4.5)).ToArray());
        Assert.Equal([0.4, 0.3, 0.2, 0.1], popularity.Initial(0).ToArray());
    }

    [Fact]
    public void At_random_walk_moves_log_weights_by_rate_times_root_time_and_keeps_the_sum()
    {
        // 4,096 experts starting uniform; after 4 s at σ = 0.25 per √s each log-weight has moved by N(0, (0.25·2)²),
        // so the log-weights' standard deviation is about 0.5 (within 5 % for 4,096 samples).
        var popularity = ExpertPopularity.Create(new ExpertRoutingSpec(Drift: DriftKind.RandomWalk, DriftRate: 0.25), 4096, 1, new RandomStream(8));
        var weights = popularity.At(0, SimTime.Zero + SimDuration.FromSeconds(4)).ToArray();
        Assert.Equal(1, weights.Sum(), 1e-9);
        var logs = weights.Select(w => Math.Log(w)).ToArray();
        var mean = logs.Average();
        var sd = Math.Sqrt(logs.Select(l => (l - mean) * (l - mean)).Average());
        Assert.Equal(0.5, sd, 0.025);
    }
}
