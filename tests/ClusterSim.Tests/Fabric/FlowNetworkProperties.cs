using ClusterSim.Engine;
using ClusterSim.Fabric;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using static ClusterSim.Tests.Fabric.FabricTestNetworks;

namespace ClusterSim.Tests.Fabric;

public sealed class FlowNetworkProperties
{
    [Property(MaxTest = 60)]
    public Property Every_flow_finishes_and_rates_never_exceed_link_capacity(int seed)
    {
        var topology = new FabricTopology(H800(2, oversubscription: 3));
        var network = new FlowNetwork(topology, LinkModel.FairShare);
        var stream = ClusterSim.Engine.Random.RandomStream.ForComponent((ulong)seed, "fabric-property");
        var live = new List<(FlowId Id, int[] Path)>();
        var sink = new CompletedFlowList();
        var started = stream.NextInt(5, 120);
        var violations = 0;
        for (var i = 0; i < started; i++)
        {
            var path = topology.PathArray(stream.NextInt(16), stream.NextInt(16));
            live.Add((network.Start(network.Now, path, Math.Round(stream.Uniform(0, 5e6)), i), path));
            if (stream.NextDouble() < 0.3)
            {
                violations += CheckCapacities(network, topology, live);
                network.AdvanceTo(network.NextEventTime, sink);
            }
        }

        var events = 0;
        while (network.NextEventTime != SimTime.MaxValue && events++ < 100_000)
        {
            violations += CheckCapacities(network, topology, live);
            network.AdvanceTo(network.NextEventTime, sink);
        }

        return (violations == 0 && sink.Flows.Count == started && network.ActiveFlowCount == 0)
            .Label($"violations {violations}, finished {sink.Flows.Count} of {started}");
    }

    private static int CheckCapacities(FlowNetwork network, FabricTopology topology, List<(FlowId Id, int[] Path)> flows)
    {
        var sums = new double[topology.Links.Count];
        foreach (var (id, path) in flows)
        {
            var rate = network.Rate(id);
            foreach (var link in path)
            {
                sums[link] += rate;
            }
        }

        var violations = 0;
        for (var link = 0; link < sums.Length; link++)
        {
            if (sums[link] > topology.Links.BytesPerSecond(link) * (1 + 1e-9))
            {
                violations++;
            }
        }

        return violations;
    }
}
