using ClusterSim.Engine;
using ClusterSim.Fabric;

namespace ClusterSim.Tests.Fabric;

/// <summary>Small fabrics and helpers shared by the fabric tests.</summary>
internal static class FabricTestNetworks
{
    public const double GB = 1e9;

    /// <summary>H800-like: NVLink 400 GB/s bidirectional (200 per direction), 50 GB/s NIC per GPU.</summary>
    public static FabricSpec H800(int nodes, double oversubscription = 1) => new(
        nodes,
        8,
        ScaleUpLinks.Switched(400 * GB, SimDuration.FromMicroseconds(1), 8),
        new ScaleOutLinks(50 * GB, SimDuration.FromMicroseconds(2), oversubscription));

    public static LinkTable Links(params (double BytesPerSecond, double LatencyUs)[] links) =>
        new(links.Select((l, i) => new LinkSpec($"l{i}", LinkClass.ScaleUp, l.BytesPerSecond, SimDuration.FromMicroseconds(l.LatencyUs))).ToArray());

    /// <summary>Runs the network until idle and returns the completed flows in completion order.</summary>
    public static List<CompletedFlow> RunToIdle(FlowNetwork network)
    {
        var sink = new CompletedFlowList();
        while (network.NextEventTime != SimTime.MaxValue)
        {
            network.AdvanceTo(network.NextEventTime, sink);
        }

        return sink.Flows;
    }

    public static int[] Ranks(int count) => Enumerable.Range(0, count).ToArray();
}
