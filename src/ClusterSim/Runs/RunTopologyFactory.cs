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
        var perDomain = built.Topology.DomainSize;
        foreach (var setup in built.Setups)
        {
            var section = setup.Section;
            var allToAll = setup.AllToAll;
            var links = LinkProfile.ForExpertParallel(
                setup.Plan.ExpertParallel, perDomain, section.AcceleratorsPerInstance, allToAll.Routing, allToAll.CrossDomainFactor, scaleUp, scaleOut);
            pools.Add(new PoolTopology(section.Name, section.Instances, section.AcceleratorsPerInstance, links));
        }

        return new RunTopology(pools);
    }
}
