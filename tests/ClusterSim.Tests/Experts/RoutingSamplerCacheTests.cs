using ClusterSim.Engine.Random;
using ClusterSim.Experts;
using Xunit;

namespace ClusterSim.Tests.Experts;

/// <summary>
/// <see cref="RoutingSampler"/> keeps one set-up cache per MoE layer for speed (every layer has its own popularity,
/// and the router visits them round-robin). A cache may change the speed only: with the same stream, the per-layer
/// sampler must draw exactly what a sampler with one shared cache draws, plain and group-limited.
/// </summary>
public sealed class RoutingSamplerCacheTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(8, 4)]
    public void Per_layer_caches_draw_exactly_what_one_shared_cache_draws(int groups, int groupsPerToken)
    {
        const int layers = 6;
        var popularity = ExpertPopularity.Create(
            new ExpertRoutingSpec(PopularityKind.LogNormal, Sigma: 1.0), 256, layers, new RandomStream(31));
        var perLayer = new RoutingSampler(256, 8, groups, groupsPerToken, new RandomStream(32), layers);
        var shared = new RoutingSampler(256, 8, groups, groupsPerToken, new RandomStream(32));
        Assert.Equal(layers, perLayer.Layers);
        Assert.Equal(1, shared.Layers);
        var expected = new long[256];
        var actual = new long[256];
        // Token counts from both regimes (inversion below n·p = 10, BTRS above), layers round-robin as the router
        // visits them, so each per-layer cache is hit again with the same weights and the shared one never is.
        long[] tokens = [1, 16, 300, 4_096];
        for (var call = 0; call < 4 * layers * tokens.Length; call++)
        {
            var layer = call % layers;
            var n = tokens[call / layers % tokens.Length];
            shared.Sample(popularity.At(layer, default), n, expected);
            perLayer.Sample(layer, popularity.At(layer, default), n, actual);
            Assert.Equal(expected, actual);
            Assert.Equal(n * 8, actual.Sum());
        }
    }
}
