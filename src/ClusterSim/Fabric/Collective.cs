namespace ClusterSim.Fabric;

/// <summary>Which collective a <see cref="Collective"/> implements, for labels and telemetry.</summary>
public enum CollectiveKind
{
    /// <summary>Every rank sends a (possibly different) amount to every other rank: MoE dispatch and combine.</summary>
    AllToAll,

    /// <summary>A group of M ranks sends to a disjoint group of N ranks (attention to experts).</summary>
    ManyToMany,

    /// <summary>Ring all-reduce: reduce-scatter then all-gather around a ring.</summary>
    AllReduceRing,

    /// <summary>Binomial-tree all-reduce: reduce to the root then broadcast back.</summary>
    AllReduceTree,

    /// <summary>Ring all-gather.</summary>
    AllGather,

    /// <summary>Ring reduce-scatter.</summary>
    ReduceScatter,

    /// <summary>One sender, one receiver (KV-cache transfer from prefill to decode).</summary>
    PointToPoint,
}

/// <summary>How transfers between scale-up domains are routed.</summary>
public enum CollectiveRouting
{
    /// <summary>Each transfer goes straight from source to destination over the fabric's path.</summary>
    Direct,

    /// <summary>
    /// Forward inside the source's node over scale-up to the accelerator on the destination's rail, which sends on
    /// over that rail's NIC only (DeepEP-style); the forwarding is pipelined, so each transfer is one flow over the
    /// concatenated path. Transfers inside a domain stay direct.
    /// </summary>
    Hierarchical,

    /// <summary>
    /// Every transfer leaves through the source's NIC and enters through the destination's, also between accelerators
    /// of one node or scale-up domain (DeepEP's low-latency kernels, which post RDMA writes to every peer).
    /// </summary>
    Rdma,
}

/// <summary>One transfer of a collective: source accelerator, destination accelerator, bytes, and the relay it is forwarded through.</summary>
/// <param name="Source">The sending accelerator.</param>
/// <param name="Destination">The receiving accelerator.</param>
/// <param name="Bytes">Bytes carried.</param>
/// <param name="Via">The forwarding accelerator (hierarchical routing), or -1 for the fabric's direct path.</param>
/// <param name="OverNics">True when the transfer goes through both NICs even inside a scale-up domain (<see cref="CollectiveRouting.Rdma"/>).</param>
public readonly record struct FlowSpec(int Source, int Destination, double Bytes, int Via = -1, bool OverNics = false);

/// <summary>Transfers that start together; the next phase starts when all of them have arrived.</summary>
public sealed class CollectivePhase
{
    /// <summary>Creates a phase from its transfers.</summary>
    public CollectivePhase(IReadOnlyList<FlowSpec> flows)
    {
        ArgumentNullException.ThrowIfNull(flows);
        Flows = flows;
    }

    /// <summary>The transfers of this phase.</summary>
    public IReadOnlyList<FlowSpec> Flows { get; }
}

/// <summary>A collective decomposed into phases of flows, ready to price or to inject into a live network.</summary>
public sealed class Collective
{
    /// <summary>Creates a collective from its phases.</summary>
    public Collective(CollectiveKind kind, CollectiveRouting routing, IReadOnlyList<CollectivePhase> phases)
    {
        ArgumentNullException.ThrowIfNull(phases);
        Kind = kind;
        Routing = routing;
        Phases = phases;
    }

    /// <summary>What collective this is.</summary>
    public CollectiveKind Kind { get; }

    /// <summary>The routing its flows were built with.</summary>
    public CollectiveRouting Routing { get; }

    /// <summary>Phases in order, separated by barriers.</summary>
    public IReadOnlyList<CollectivePhase> Phases { get; }

    /// <summary>Total flows over all phases.</summary>
    public int FlowCount => Phases.Sum(p => p.Flows.Count);

    /// <summary>Total bytes over all flows.</summary>
    public double TotalBytes => Phases.Sum(p => p.Flows.Sum(f => f.Bytes));
}
