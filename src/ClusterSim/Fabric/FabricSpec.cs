using ClusterSim.Engine;
using ClusterSim.Hardware;

namespace ClusterSim.Fabric;

/// <summary>The scale-up domain as the fabric is told it: its wiring, size and per-direction link figures.</summary>
/// <remarks>
/// <see cref="LinkBytesPerSecond"/> is per direction of one link: accelerator-to-switch for
/// <see cref="ScaleUpKind.Switched"/>, one pair's link for <see cref="ScaleUpKind.FullMesh"/>, one neighbour
/// link for <see cref="ScaleUpKind.Torus"/>. <see cref="LinkLatency"/> is per link (hop); a path's alpha is the
/// sum over its links. <see cref="DomainSize"/> may exceed the accelerators per node (NVL72) but must be a
/// whole number of nodes.
/// </remarks>
public sealed record ScaleUpLinks(
    ScaleUpKind Kind,
    double LinkBytesPerSecond,
    SimDuration LinkLatency,
    int DomainSize,
    IReadOnlyList<int> TorusShape)
{
    /// <summary>An NVSwitch-style domain from the bidirectional per-accelerator figure (halved per direction).</summary>
    public static ScaleUpLinks Switched(double bidirectionalBytesPerSecond, SimDuration linkLatency, int domainSize) =>
        new(ScaleUpKind.Switched, bidirectionalBytesPerSecond / 2, linkLatency, domainSize, []);

    /// <summary>A full mesh of point-to-point links; the figure is one link's per-direction bandwidth.</summary>
    public static ScaleUpLinks FullMesh(double linkBytesPerSecondPerDirection, SimDuration linkLatency, int domainSize) =>
        new(ScaleUpKind.FullMesh, linkBytesPerSecondPerDirection, linkLatency, domainSize, []);

    /// <summary>A torus of the given shape (2 or 3 dimensions); the domain size is the product of the shape.</summary>
    public static ScaleUpLinks Torus(IReadOnlyList<int> shape, double linkBytesPerSecondPerDirection, SimDuration linkLatency)
    {
        ArgumentNullException.ThrowIfNull(shape);
        var size = 1;
        foreach (var d in shape)
        {
            size *= Math.Max(d, 1);
        }

        return new(ScaleUpKind.Torus, linkBytesPerSecondPerDirection, linkLatency, size, shape.ToArray());
    }
}

/// <summary>The scale-out network as the fabric is told it, a rail-optimised two-tier fat tree: one NIC per accelerator, one leaf per rail, a spine layer.</summary>
/// <remarks>
/// <see cref="NicBytesPerSecond"/> is per direction. A leaf's uplink capacity is its downlink capacity
/// (nodes × NIC) divided by <see cref="Oversubscription"/> (1 = non-blocking). <see cref="LinkLatency"/> is per hop.
/// </remarks>
public sealed record ScaleOutLinks(double NicBytesPerSecond, SimDuration LinkLatency, double Oversubscription = 1);

/// <summary>The host link (PCIe) of each accelerator, used for KV-cache offload; per direction.</summary>
public sealed record HostLinkSpec(double BytesPerSecond, SimDuration LinkLatency);

/// <summary>One thing wrong with a <see cref="FabricSpec"/>: the key path and what is wrong and allowed.</summary>
public sealed record FabricSpecProblem(string KeyPath, string Problem);

/// <summary>Everything the fabric needs: nodes, accelerators per node, scale-up, scale-out and host links.</summary>
/// <remarks>Accelerators are numbered node-major: accelerator = node × AcceleratorsPerNode + local index (its rail).</remarks>
public sealed record FabricSpec(
    int NodeCount,
    int AcceleratorsPerNode,
    ScaleUpLinks ScaleUp,
    ScaleOutLinks? ScaleOut = null,
    HostLinkSpec? HostLink = null)
{
    /// <summary>Total accelerators in the cluster.</summary>
    public int AcceleratorCount => NodeCount * AcceleratorsPerNode;

    /// <summary>Every problem with the spec (empty when valid); callers wrap them with the file name.</summary>
    public IReadOnlyList<FabricSpecProblem> Validate()
    {
        var problems = new List<FabricSpecProblem>();
        if (NodeCount < 1)
        {
            problems.Add(new("nodes", $"{NodeCount} nodes; at least 1 is required"));
        }

        if (AcceleratorsPerNode < 1)
        {
            problems.Add(new("acceleratorsPerNode", $"{AcceleratorsPerNode} accelerators per node; at least 1 is required"));
        }

        if (ScaleUp is null)
        {
            problems.Add(new("scaleUp", "missing; a scale-up domain is required"));
            return problems;
        }

        CheckBandwidth(problems, "scaleUp.linkBandwidth", ScaleUp.LinkBytesPerSecond);
        CheckLatency(problems, "scaleUp.linkLatency", ScaleUp.LinkLatency);
        if (ScaleUp.DomainSize < 1 || AcceleratorsPerNode < 1 || ScaleUp.DomainSize % AcceleratorsPerNode != 0)
        {
            problems.Add(new("scaleUp.domainSize", $"{ScaleUp.DomainSize} is not a positive multiple of the {AcceleratorsPerNode} accelerators per node"));
        }
        else if (AcceleratorCount % ScaleUp.DomainSize != 0)
        {
            problems.Add(new("scaleUp.domainSize", $"{ScaleUp.DomainSize} does not divide the {AcceleratorCount} accelerators of the cluster"));
        }

        if (ScaleUp.Kind == ScaleUpKind.Torus && (ScaleUp.TorusShape is null || ScaleUp.TorusShape.Count is < 2 or > 3 || ScaleUp.TorusShape.Any(d => d < 1)))
        {
            problems.Add(new("scaleUp.torusShape", "a torus needs 2 or 3 dimensions, each at least 1"));
        }
        else if (ScaleUp.Kind == ScaleUpKind.Torus && ScaleUp.TorusShape.Aggregate(1, (product, d) => product * d) != ScaleUp.DomainSize)
        {
            problems.Add(new("scaleUp.torusShape", $"the shape holds {ScaleUp.TorusShape.Aggregate(1, (product, d) => product * d)} chips but the domain size is {ScaleUp.DomainSize}; they must agree"));
        }

        if (ScaleOut is not null)
        {
            CheckBandwidth(problems, "scaleOut.nicBandwidth", ScaleOut.NicBytesPerSecond);
            CheckLatency(problems, "scaleOut.linkLatency", ScaleOut.LinkLatency);
            if (!(ScaleOut.Oversubscription >= 1) || !double.IsFinite(ScaleOut.Oversubscription))
            {
                problems.Add(new("scaleOut.oversubscription", $"{ScaleOut.Oversubscription} is not allowed; use a finite ratio of at least 1 (1 = non-blocking)"));
            }
        }
        else if (ScaleUp.DomainSize > 0 && AcceleratorCount > ScaleUp.DomainSize)
        {
            problems.Add(new("scaleOut", "missing, but the cluster spans several scale-up domains; give the NIC bandwidth"));
        }

        if (HostLink is not null)
        {
            CheckBandwidth(problems, "hostLink.bandwidth", HostLink.BytesPerSecond);
            CheckLatency(problems, "hostLink.linkLatency", HostLink.LinkLatency);
        }

        return problems;
    }

    private static void CheckBandwidth(List<FabricSpecProblem> problems, string key, double bytesPerSecond)
    {
        if (!(bytesPerSecond > 0) || !double.IsFinite(bytesPerSecond))
        {
            problems.Add(new(key, $"{bytesPerSecond} B/s is not allowed; use a finite positive bandwidth"));
        }
    }

    private static void CheckLatency(List<FabricSpecProblem> problems, string key, SimDuration latency)
    {
        if (latency < SimDuration.Zero)
        {
            problems.Add(new(key, $"{latency} is negative; use zero or more"));
        }
    }
}
