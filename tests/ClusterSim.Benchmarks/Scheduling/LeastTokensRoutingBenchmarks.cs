using BenchmarkDotNet.Attributes;
using ClusterSim.Engine;
using ClusterSim.Scheduling;
using ClusterSim.Scheduling.KvCache;

namespace ClusterSim.Benchmarks.Scheduling;

/// <summary>
/// The per-arrival work at the cluster's entry that still grows with the pool: the least-tokens router's scan over
/// every rank (the count of waiting requests over every instance is now skipped when the admission policy does not
/// read it, as the default does not). Ranks are 8 per instance, loads fixed and distinct so the scan runs to the end;
/// the loads are read from each instance's shared array, as the serving pool provides them.
/// </summary>
[MemoryDiagnoser]
public class LeastTokensRoutingBenchmarks
{
    private const int RanksPerInstance = 8;

    private readonly LeastOutstandingTokensRouter _router = new();
    private View _view = null!;
    private RequestState _request = null!;

    /// <summary>Attention ranks in the pool (a 1,024-GPU deployment at attention DP has about 1,024).</summary>
    [Params(16, 256, 1024)]
    public int Ranks { get; set; }

    [GlobalSetup]
    public void Build()
    {
        var instances = new AttentionRank[Ranks / RanksPerInstance][];
        for (var i = 0; i < instances.Length; i++)
        {
            instances[i] = new AttentionRank[RanksPerInstance];
            for (var r = 0; r < RanksPerInstance; r++)
            {
                // Descending loads: every rank improves on the last, the scan's worst case.
                instances[i][r] = new AttentionRank(r, new PagedKvCache(1024, 16), 8, decodeOnly: false)
                {
                    OutstandingTokens = 1_000_000 - (i * RanksPerInstance) - r,
                };
            }
        }

        _view = new View(instances, instances.Select(SharedRankLoads.Share).ToArray());
        _request = new RequestState(1, SimTime.Zero, 1000, 200, null);
    }

    [Benchmark]
    public RouteTarget Route() => _router.Route(_request, _view);

    // Like a serving pool: each instance's loads side by side in one array (SharedRankLoads).
    private sealed class View(AttentionRank[][] instances, long[][] loads) : IRoutingView
    {
        public int InstanceCount => instances.Length;

        public IReadOnlyList<AttentionRank> RanksOf(int instance) => instances[instance];

        public ReadOnlySpan<long> LoadsOf(int instance) => loads[instance];
    }
}
