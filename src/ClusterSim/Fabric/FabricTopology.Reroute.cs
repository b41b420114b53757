namespace ClusterSim.Fabric;

/// <summary>Paths around failed NICs: a flow whose sending or receiving NIC is down is relayed over scale-up to another rail of the node.</summary>
public sealed partial class FabricTopology
{
    /// <summary>
    /// Writes the links of <paramref name="flow"/> avoiding the NICs marked in <paramref name="failedNics"/> (indexed by
    /// accelerator; empty when none failed) and returns how many.
    /// </summary>
    /// <remarks>
    /// The NIC the flow would leave through (the relay's for a hierarchical flow, else the source's) is replaced, when
    /// failed, by the next rail of the same node whose NIC is up (then any live NIC of the scale-up domain), reached over
    /// scale-up; likewise a failed NIC at the destination is replaced by the next live rail of the destination's node,
    /// which forwards over scale-up. Flows
    /// inside a scale-up domain never touch a NIC and are unchanged, unless they are RDMA-only.
    /// </remarks>
    /// <exception cref="NodeUnreachableException">Every NIC of the scale-up domain the flow must leave or enter has failed.</exception>
    public int Path(in FlowSpec flow, ReadOnlySpan<bool> failedNics, Span<int> links)
    {
        var egress = flow.Via < 0 ? flow.Source : flow.Via;
        if (failedNics.IsEmpty || _nicUpBase < 0 || (SameScaleUpDomain(flow.Source, flow.Destination) && !flow.OverNics)
            || (!failedNics[egress] && !failedNics[flow.Destination]))
        {
            return Path(flow, links);
        }

        var exit = failedNics[egress] ? NextLiveNic(egress, failedNics, flow.Source, flow.Destination) : egress;
        var entry = failedNics[flow.Destination] ? NextLiveNic(flow.Destination, failedNics, flow.Source, flow.Destination) : flow.Destination;
        var hops = exit == flow.Source ? 0 : ScaleUpPath(flow.Source, exit, links);
        links[hops++] = _nicUpBase + exit;
        if (RailOf(exit) != RailOf(entry))
        {
            links[hops++] = _leafUpBase + RailOf(exit);
            links[hops++] = _leafDownBase + RailOf(entry);
        }

        links[hops++] = _nicDownBase + entry;
        if (entry != flow.Destination)
        {
            hops += ScaleUpPath(entry, flow.Destination, links[hops..]);
        }

        return hops;
    }

    /// <summary>The direct path from <paramref name="source"/> to <paramref name="destination"/> around failed NICs.</summary>
    public int Path(int source, int destination, ReadOnlySpan<bool> failedNics, Span<int> links) =>
        Path(new FlowSpec(source, destination, 0), failedNics, links);

    /// <summary>
    /// The scale-up domain whose NICs have all failed among <paramref name="failedNics"/> (its accelerators can reach no
    /// other domain), or -1 when every domain has a NIC up. With domains of one node this is the node.
    /// </summary>
    public int FirstUnreachableDomain(ReadOnlySpan<bool> failedNics)
    {
        if (failedNics.IsEmpty || _nicUpBase < 0)
        {
            return -1;
        }

        for (var domain = 0; domain < AcceleratorCount / DomainSize; domain++)
        {
            var anyUp = false;
            for (var a = domain * DomainSize; a < (domain + 1) * DomainSize && !anyUp; a++)
            {
                anyUp = !failedNics[a];
            }

            if (!anyUp)
            {
                return domain;
            }
        }

        return -1;
    }

    // The next rail of the same node first (one failure moves its traffic to one neighbour); a scale-up domain wider
    // than a node (NVL72) can also reach the NICs of its other nodes. A node always lies inside one domain.
    private int NextLiveNic(int accelerator, ReadOnlySpan<bool> failedNics, int source, int destination)
    {
        var node = NodeOf(accelerator);
        var rail = RailOf(accelerator);
        for (var step = 1; step < AcceleratorsPerNode; step++)
        {
            var candidate = Accelerator(node, (rail + step) % AcceleratorsPerNode);
            if (!failedNics[candidate])
            {
                return candidate;
            }
        }

        var domainStart = DomainOf(accelerator) * DomainSize;
        for (var step = 1; step < DomainSize; step++)
        {
            var candidate = domainStart + ((accelerator - domainStart + step) % DomainSize);
            if (NodeOf(candidate) != node && !failedNics[candidate])
            {
                return candidate;
            }
        }

        throw new NodeUnreachableException(DomainOf(accelerator), domainStart, domainStart + DomainSize - 1, source, destination);
    }
}

/// <summary>Every NIC of a scale-up domain has failed, so a transfer that must leave or enter it has no path.</summary>
public sealed class NodeUnreachableException : InvalidOperationException
{
    /// <summary>The domain cut off (accelerators <paramref name="first"/> to <paramref name="last"/>), and the transfer that found out.</summary>
    public NodeUnreachableException(int domain, int first, int last, int source, int destination)
        : base(string.Create(
            System.Globalization.CultureInfo.InvariantCulture,
            $"every NIC of scale-up domain {domain} (accelerators {first}-{last}) has failed, so its nodes are unreachable: no path from accelerator {source} to accelerator {destination}"))
    {
        Domain = domain;
    }

    /// <summary>The scale-up domain whose NICs are all down.</summary>
    public int Domain { get; }
}
