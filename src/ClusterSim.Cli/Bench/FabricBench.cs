using System.Diagnostics;
using ClusterSim.Engine;
using ClusterSim.Engine.Random;
using ClusterSim.Fabric;

namespace ClusterSim.Cli.Bench;

/// <summary>Quick wall-clock figures for the fabric (about a second each), for <c>clustersim bench fabric</c>.</summary>
public static class FabricBench
{
    private const double GB = 1e9;

    /// <summary>Runs every measurement and returns (name, value, unit) rows.</summary>
    public static IReadOnlyList<(string Name, double Value, string Unit)> Run() => Run(TimeSpan.FromSeconds(1));

    /// <summary>Runs every measurement for about <paramref name="budget"/> each.</summary>
    public static IReadOnlyList<(string Name, double Value, string Unit)> Run(TimeSpan budget)
    {
        var topology = new FabricTopology(H800Cluster(18));
        var a2a = EpAllToAll(topology, CollectiveRouting.Direct);
        var hier = EpAllToAll(topology, CollectiveRouting.Hierarchical);
        return
        [
            ("fair-share solver, 1,000 concurrent flows", FlowEventsPerSecond(topology, 1_000, budget), "flow events/s"),
            ("fair-share solver, 10,000 concurrent flows", FlowEventsPerSecond(topology, 10_000, budget), "flow events/s"),
            ("EP all-to-all 144 GPUs, direct, fair share", MicrosecondsPerPricing(topology, a2a, LinkModel.FairShare, budget), "us/pricing"),
            ("EP all-to-all 144 GPUs, hierarchical, fair share", MicrosecondsPerPricing(topology, hier, LinkModel.FairShare, budget), "us/pricing"),
            ("EP all-to-all 144 GPUs, direct, alpha-beta", MicrosecondsPerPricing(topology, a2a, LinkModel.AlphaBeta, budget), "us/pricing"),
        ];
    }

    /// <summary>18 × 8 H800-like GPUs: NVLink 200 GB/s per direction, one 50 GB/s NIC per GPU, non-blocking.</summary>
    internal static FabricSpec H800Cluster(int nodes) => new(
        nodes,
        8,
        ScaleUpLinks.Switched(400 * GB, SimDuration.FromMicroseconds(1), 8),
        new ScaleOutLinks(50 * GB, SimDuration.FromMicroseconds(2)));

    // MoE dispatch of 128 tokens per GPU, top-8, hidden 7168 in FP8, spread evenly over 144 ranks.
    private static Collective EpAllToAll(FabricTopology topology, CollectiveRouting routing)
    {
        var ranks = Enumerable.Range(0, topology.AcceleratorCount).ToArray();
        var bytesPerPair = 128.0 * 8 * 7168 / ranks.Length;
        return Collectives.AllToAllUniform(topology, ranks, bytesPerPair, routing);
    }

    private static double MicrosecondsPerPricing(FabricTopology topology, Collective collective, LinkModel model, TimeSpan budget)
    {
        var pricer = new CollectivePricer(topology);
        pricer.Price(collective, model);
        var watch = Stopwatch.StartNew();
        var count = 0;
        do
        {
            pricer.Price(collective, model);
            count++;
        }
        while (watch.Elapsed < budget);

        return watch.Elapsed.TotalMicroseconds / count;
    }

    // Keeps `concurrent` random flows in flight: every completion starts a replacement at the same instant.
    private static double FlowEventsPerSecond(FabricTopology topology, int concurrent, TimeSpan budget)
    {
        var network = new FlowNetwork(topology, LinkModel.FairShare);
        var random = RandomStream.ForComponent(1, "fabric-bench");
        Span<int> path = stackalloc int[topology.MaxPathLength];
        var n = topology.AcceleratorCount;
        for (var i = 0; i < concurrent; i++)
        {
            StartRandom(network, topology, random, path, n, i);
        }

        var sink = new CompletedFlowList();
        long events = 0;
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < budget)
        {
            sink.Flows.Clear();
            network.AdvanceTo(network.NextEventTime, sink);
            foreach (var flow in sink.Flows)
            {
                StartRandom(network, topology, random, path, n, flow.Tag);
            }

            events += 2L * sink.Flows.Count;
        }

        return events / watch.Elapsed.TotalSeconds;
    }

    private static void StartRandom(FlowNetwork network, FabricTopology topology, RandomStream random, Span<int> path, int n, long tag)
    {
        var src = random.NextInt(n);
        var dst = (src + 1 + random.NextInt(n - 1)) % n;
        var hops = topology.Path(src, dst, path);
        network.Start(network.Now, path[..hops], random.Uniform(1e5, 1e7), tag);
    }
}
