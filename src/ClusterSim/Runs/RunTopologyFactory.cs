using ClusterSim.Experts;
using ClusterSim.Scenarios;
using ClusterSim.Telemetry;

namespace ClusterSim.Runs;

/// <summary>Describes a built deployment to the telemetry writers: pools, instances and how fabric bytes split by link class.</summary>
public static class RunTopologyFactory
{
    /// <summary>The telemetry view of <paramref name="built"/> for <paramref name="scenario"/>.</summary>
    public static RunTopology Create(Scenario scenario, BuiltCluster built)
    {
        var pools = new List<PoolTopology>();
        var scaleUp = built.Hardware.ScaleUp.BandwidthPerDirection.Value.BytesPerSecond;
        var scaleOut = built.Hardware.ScaleOut.NicBandwidthPerAccelerator.Value.BytesPerSecond;
        var perNode = scenario.Cluster.AcceleratorsPerNode;
        foreach (var setup in built.Setups)
        {
            var section = setup.Section;
            var ep = setup.Plan.ExpertParallel;
            var hierarchical = scenario.Cluster.Routing == Fabric.CollectiveRouting.Hierarchical;
            var dedup = 1.0;
            if (setup.Costs.Model.Moe is { } moe && hierarchical && ep > perNode)
            {
                dedup = ExpertPlacementMath.ExpectedDistinctGroups(moe.RoutedExperts, moe.ExpertsPerToken, ep / perNode) / moe.ExpertsPerToken;
            }

            var links = LinkProfile.ForExpertParallel(ep, perNode, section.AcceleratorsPerInstance, hierarchical, dedup, scaleUp, scaleOut);
            pools.Add(new PoolTopology(section.Name, section.Instances, section.AcceleratorsPerInstance, links));
        }

        return new RunTopology(pools);
    }
}
