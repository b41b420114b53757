using BenchmarkDotNet.Attributes;
using ClusterSim.Engine;
using ClusterSim.Engine.Random;
using ClusterSim.Fabric;

namespace ClusterSim.Benchmarks.Fabric;

/// <summary>H800-like cluster shared by the fabric benchmarks: 18 nodes × 8 GPUs, NVLink 200 GB/s, NIC 50 GB/s.</summary>
internal static class H800Fabric
{
    public static FabricTopology Build() => new(new FabricSpec(
        18,
        8,
        ScaleUpLinks.Switched(400e9, SimDuration.FromMicroseconds(1), 8),
        new ScaleOutLinks(50e9, SimDuration.FromMicroseconds(2))));
}

/// <summary>
/// The fair-share solver under churn: a fixed number of random flows in flight, each completion replaced by a
/// new flow at the same instant. One operation is one flow event (a start or a completion).
/// </summary>
[MemoryDiagnoser]
public class FairShareSolverBenchmark
{
    private const int CompletionsPerInvoke = 100;
    private FabricTopology _topology = null!;
    private FlowNetwork _network = null!;
    private RandomStream _random = null!;
    private readonly CompletedFlowList _sink = new();
    private readonly int[] _path = new int[4];

    [Params(1_000, 10_000)]
    public int ConcurrentFlows { get; set; }

    /// <summary>True: flows below the changed rates keep theirs (the current solver); false: refill the whole component.</summary>
    [Params(true, false)]
    public bool PruneBelowChangedRates { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _topology = H800Fabric.Build();
        _network = new FlowNetwork(_topology, LinkModel.FairShare) { PruneBelowChangedRates = PruneBelowChangedRates };
        _random = RandomStream.ForComponent(7, "fair-share-benchmark");
        for (var i = 0; i < ConcurrentFlows; i++)
        {
            StartRandomFlow();
        }

        // Reach a steady state where flows are mid-transfer with varied remaining bytes.
        Churn(ConcurrentFlows);
    }

    [Benchmark(OperationsPerInvoke = 2 * CompletionsPerInvoke)]
    public int FlowEvents() => Churn(CompletionsPerInvoke);

    private int Churn(int completions)
    {
        var done = 0;
        while (done < completions)
        {
            _sink.Flows.Clear();
            _network.AdvanceTo(_network.NextEventTime, _sink);
            foreach (var _ in _sink.Flows)
            {
                StartRandomFlow();
            }

            done += _sink.Flows.Count;
        }

        return done;
    }

    private void StartRandomFlow()
    {
        var n = _topology.AcceleratorCount;
        var src = _random.NextInt(n);
        var dst = (src + 1 + _random.NextInt(n - 1)) % n;
        var hops = _topology.Path(src, dst, _path);
        _network.Start(_network.Now, _path.AsSpan(0, hops), _random.Uniform(1e5, 1e7), 0);
    }
}

/// <summary>Wall time of pricing one EP all-to-all (MoE dispatch) across 144 GPUs with <see cref="CollectivePricer"/>.</summary>
[MemoryDiagnoser]
public class EpAllToAllPricingBenchmark
{
    private CollectivePricer _pricer = null!;
    private Collective _collective = null!;

    [Params(CollectiveRouting.Direct, CollectiveRouting.Hierarchical)]
    public CollectiveRouting Routing { get; set; }

    [Params(LinkModel.FairShare, LinkModel.AlphaBeta)]
    public LinkModel Model { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var topology = H800Fabric.Build();
        _pricer = new CollectivePricer(topology);

        // 128 tokens per GPU, top-8, hidden 7168 in FP8, spread evenly over the 144 ranks.
        var ranks = Enumerable.Range(0, topology.AcceleratorCount).ToArray();
        _collective = Collectives.AllToAllUniform(topology, ranks, 128.0 * 8 * 7168 / ranks.Length, Routing);
    }

    [Benchmark]
    public SimDuration Price() => _pricer.Price(_collective, Model).Duration;
}
