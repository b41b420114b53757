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
        // Token counts from every regime (alias draws up to 16 copies per expert, then the chain's inversion, BTRS and
        // normal), layers round-robin as the router visits them, so each per-layer cache is hit again with the same
        // weights and the shared one never is.
        long[] tokens = [1, 16, 300, 600, 4_096];
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

    [Theory]
    [InlineData(1, 1)]
    [InlineData(8, 4)]
    public void Instances_sharing_one_set_of_tables_draw_what_instances_with_their_own_draw(int groups, int groupsPerToken)
    {
        // Two instances of a pool share RoutingTables (ExpertRouterFactory.Share); each keeps its own stream. Their
        // interleaved calls must draw exactly what two samplers with tables of their own draw from the same streams.
        const int layers = 5;
        var popularity = ExpertPopularity.Create(
            new ExpertRoutingSpec(PopularityKind.LogNormal, Sigma: 1.0), 256, layers, new RandomStream(41));
        var tables = new RoutingTables(256, groups, groupsPerToken, layers);
        RoutingSampler[] sharing =
        [
            new RoutingSampler(8, tables, new RandomStream(42)),
            new RoutingSampler(8, tables, new RandomStream(43)),
        ];
        RoutingSampler[] own =
        [
            new RoutingSampler(256, 8, groups, groupsPerToken, new RandomStream(42), layers),
            new RoutingSampler(256, 8, groups, groupsPerToken, new RandomStream(43), layers),
        ];
        var expected = new long[256];
        var actual = new long[256];
        long[] tokens = [3, 64, 700, 5_000];
        for (var call = 0; call < 3 * layers * tokens.Length; call++)
        {
            var instance = call % 2;
            var layer = call / 2 % layers;
            var n = tokens[call % tokens.Length];
            own[instance].Sample(layer, popularity.At(layer, default), n, expected);
            sharing[instance].Sample(layer, popularity.At(layer, default), n, actual);
            Assert.Equal(expected, actual);
        }
    }
}
