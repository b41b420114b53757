using ClusterSim.Fabric;
using ClusterSim.Hardware;
using ClusterSim.Scenarios;
using ClusterSim.Input;

namespace ClusterSim.Planning;

/// <summary>
/// Maps an accelerator's datasheet figures and the scenario's <c>cluster</c> section to the fabric model: link
/// bandwidths are the hardware's per-direction figures times its communication efficiencies, latencies split the
/// hardware's end-to-end alpha over the links of a path. Conventions: docs/modeling.md, "The serving step".
/// </summary>
public static class FabricFactory
{
    /// <summary>The fabric spec for <paramref name="cluster"/> built from <paramref name="hardware"/>.</summary>
    /// <param name="hardware">The accelerator.</param>
    /// <param name="cluster">The scenario's cluster section.</param>
    /// <param name="scenarioFile">The scenario file, for errors.</param>
    /// <param name="nicsInsideDomain">
    /// True when some transfer goes NIC to NIC inside a scale-up domain (RDMA-only all-to-all), so the NICs are built
    /// even for a cluster of one domain.
    /// </param>
    public static FabricSpec Create(AcceleratorSpec hardware, ClusterSection cluster, string scenarioFile, bool nicsInsideDomain = false)
    {
        var perNode = cluster.AcceleratorsPerNode;
        var total = cluster.Accelerators;
        var domain = cluster.ScaleUpDomain > 0 ? cluster.ScaleUpDomain : Math.Min(hardware.ScaleUp.DomainSize.Value, total);
        if (cluster.ScaleUpDomain > 0 && (domain % perNode != 0 || total % domain != 0))
        {
            throw new InputException(scenarioFile, "cluster.fabric.scale_up_domain", $"{domain} must be a multiple of accelerators_per_node ({perNode}) and divide the cluster's {total} accelerators");
        }

        if (domain % perNode != 0 || total % domain != 0)
        {
            // A catalog domain that does not tile this cluster (an NVL72 domain over 3 nodes of 8) shrinks to the node.
            domain = perNode;
        }

        var efficiency = hardware.Efficiency.Communication;
        var upBytesPerSecond = hardware.ScaleUp.BandwidthPerDirection.Value.BytesPerSecond * efficiency.ScaleUp.Value;
        // A switched path is two links (up to the switch and down); other kinds count per hop.
        var upLatency = Engine.SimDuration.FromNanoseconds(hardware.ScaleUp.Alpha.Value.Nanoseconds / 2);
        ScaleUpLinks scaleUp = hardware.ScaleUp.Kind switch
        {
            ScaleUpKind.FullMesh when domain > 1 =>
                ScaleUpLinks.FullMesh(upBytesPerSecond / (domain - 1), upLatency, domain),
            ScaleUpKind.Torus when domain > 1 => ScaleUpLinks.Torus(TorusShape(domain), upBytesPerSecond / 4, upLatency),
            _ => new ScaleUpLinks(ScaleUpKind.Switched, upBytesPerSecond, upLatency, domain, []),
        };
        var nic = hardware.ScaleOut.NicBandwidthPerAccelerator.Value.BytesPerSecond * efficiency.ScaleOut.Value;
        var scaleOut = total > domain || nicsInsideDomain
            ? new ScaleOutLinks(nic, Engine.SimDuration.FromNanoseconds(hardware.ScaleOut.Alpha.Value.Nanoseconds / 2), cluster.Oversubscription)
            : null;
        var spec = new FabricSpec(cluster.Nodes, perNode, scaleUp, scaleOut);
        if (spec.Validate() is [var first, ..])
        {
            throw new InputException(scenarioFile, "cluster", $"the fabric cannot be built: {first.KeyPath}: {first.Problem}");
        }

        return spec;
    }

    // A 2D torus as close to square as the domain allows (a 1-wide torus degenerates to a ring).
    private static int[] TorusShape(int size)
    {
        var a = (int)Math.Sqrt(size);
        while (size % a != 0)
        {
            a--;
        }

        return [a, size / a];
    }
}
