using System.Globalization;
using ClusterSim.Hardware;

namespace ClusterSim.Fabric;

/// <summary>The built fabric: every directional link of a <see cref="FabricSpec"/> and the route between any two accelerators.</summary>
/// <remarks>
/// Link ids are laid out in blocks: scale-up links first, then NIC up/down links, leaf up/down links (the spine
/// layer is aggregated into one logical uplink and downlink per leaf, i.e. ideal load balancing over the spines),
/// then host links. Paths are computed on demand into a caller's span, without allocation.
/// </remarks>
public sealed partial class FabricTopology
{
    private readonly int _scaleUpBase;
    private readonly int _nicUpBase;
    private readonly int _nicDownBase;
    private readonly int _leafUpBase;
    private readonly int _leafDownBase;
    private readonly int _hostUpBase;
    private readonly int _hostDownBase;
    private readonly int[] _torusShape;

    /// <summary>Builds the links of a valid spec; an invalid spec is a bug in the caller (validate first).</summary>
    public FabricTopology(FabricSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var problems = spec.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException($"invalid fabric spec: {problems[0].KeyPath}: {problems[0].Problem}", nameof(spec));
        }

        Spec = spec;
        AcceleratorCount = spec.AcceleratorCount;
        AcceleratorsPerNode = spec.AcceleratorsPerNode;
        DomainSize = spec.ScaleUp.DomainSize;
        _torusShape = spec.ScaleUp.Kind == ScaleUpKind.Torus ? spec.ScaleUp.TorusShape.ToArray() : [];

        var links = new List<LinkSpec>();
        _scaleUpBase = 0;
        AddScaleUpLinks(links);

        _nicUpBase = _nicDownBase = _leafUpBase = _leafDownBase = -1;
        if (spec.ScaleOut is { } so)
        {
            _nicUpBase = links.Count;
            for (var a = 0; a < AcceleratorCount; a++)
            {
                links.Add(new LinkSpec(Invariant($"nic{a}->leaf{RailOf(a)}"), LinkClass.ScaleOut, so.NicBytesPerSecond, so.LinkLatency));
            }

            _nicDownBase = links.Count;
            for (var a = 0; a < AcceleratorCount; a++)
            {
                links.Add(new LinkSpec(Invariant($"leaf{RailOf(a)}->nic{a}"), LinkClass.ScaleOut, so.NicBytesPerSecond, so.LinkLatency));
            }

            var uplinkBytesPerSecond = spec.NodeCount * so.NicBytesPerSecond / so.Oversubscription;
            _leafUpBase = links.Count;
            for (var r = 0; r < AcceleratorsPerNode; r++)
            {
                links.Add(new LinkSpec(Invariant($"leaf{r}->spines"), LinkClass.ScaleOut, uplinkBytesPerSecond, so.LinkLatency));
            }

            _leafDownBase = links.Count;
            for (var r = 0; r < AcceleratorsPerNode; r++)
            {
                links.Add(new LinkSpec(Invariant($"spines->leaf{r}"), LinkClass.ScaleOut, uplinkBytesPerSecond, so.LinkLatency));
            }
        }

        _hostUpBase = _hostDownBase = -1;
        if (spec.HostLink is { } host)
        {
            _hostUpBase = links.Count;
            for (var a = 0; a < AcceleratorCount; a++)
            {
                links.Add(new LinkSpec(Invariant($"gpu{a}->host"), LinkClass.Host, host.BytesPerSecond, host.LinkLatency));
            }

            _hostDownBase = links.Count;
            for (var a = 0; a < AcceleratorCount; a++)
            {
                links.Add(new LinkSpec(Invariant($"host->gpu{a}"), LinkClass.Host, host.BytesPerSecond, host.LinkLatency));
            }
        }

        Links = new LinkTable(links);
        // A transfer rerouted around failed NICs is a scale-up path to a live rail, four rail hops, and a scale-up path
        // from the entry rail; that also covers a relayed transfer (hierarchical routing).
        MaxPathLength = Math.Max(ScaleUpMaxHops(), spec.ScaleOut is null ? 0 : (2 * ScaleUpMaxHops()) + 4);
    }

    /// <summary>The spec this fabric was built from.</summary>
    public FabricSpec Spec { get; }

    /// <summary>All directional links; a link id indexes this table.</summary>
    public LinkTable Links { get; }

    /// <summary>Total accelerators.</summary>
    public int AcceleratorCount { get; }

    /// <summary>Accelerators (and rails) per node.</summary>
    public int AcceleratorsPerNode { get; }

    /// <summary>Accelerators per scale-up domain.</summary>
    public int DomainSize { get; }

    /// <summary>The longest path in links; size a path buffer with it.</summary>
    public int MaxPathLength { get; }

    /// <summary>The node holding an accelerator.</summary>
    public int NodeOf(int accelerator) => accelerator / AcceleratorsPerNode;

    /// <summary>An accelerator's index inside its node, which is also its NIC's rail.</summary>
    public int RailOf(int accelerator) => accelerator % AcceleratorsPerNode;

    /// <summary>The scale-up domain holding an accelerator.</summary>
    public int DomainOf(int accelerator) => accelerator / DomainSize;

    /// <summary>The accelerator at a node and local index.</summary>
    public int Accelerator(int node, int localIndex) => (node * AcceleratorsPerNode) + localIndex;

    /// <summary>True when two accelerators talk over the scale-up domain rather than the NICs.</summary>
    public bool SameScaleUpDomain(int a, int b) => DomainOf(a) == DomainOf(b);

    /// <summary>The link from an accelerator to its host (PCIe up), or -1 when host links are not modelled.</summary>
    public int HostUplink(int accelerator) => _hostUpBase < 0 ? -1 : _hostUpBase + accelerator;

    /// <summary>The link from the host to an accelerator (PCIe down), or -1 when host links are not modelled.</summary>
    public int HostDownlink(int accelerator) => _hostDownBase < 0 ? -1 : _hostDownBase + accelerator;

    /// <summary>The id of an accelerator's NIC uplink, or -1 without scale-out.</summary>
    public int NicUplink(int accelerator) => _nicUpBase < 0 ? -1 : _nicUpBase + accelerator;

    /// <summary>The id of an accelerator's NIC downlink, or -1 without scale-out.</summary>
    public int NicDownlink(int accelerator) => _nicDownBase < 0 ? -1 : _nicDownBase + accelerator;

    /// <summary>
    /// Writes the links from <paramref name="source"/> to <paramref name="destination"/> into
    /// <paramref name="links"/> (at least <see cref="MaxPathLength"/> long) and returns how many; 0 when they are equal.
    /// </summary>
    public int Path(int source, int destination, Span<int> links)
    {
        if ((uint)source >= (uint)AcceleratorCount || (uint)destination >= (uint)AcceleratorCount)
        {
            throw new ArgumentOutOfRangeException(nameof(source), $"accelerators {source} and {destination} must both be in [0, {AcceleratorCount})");
        }

        if (source == destination)
        {
            return 0;
        }

        if (SameScaleUpDomain(source, destination))
        {
            return ScaleUpPath(source, destination, links);
        }

        return ScaleOutPath(source, destination, links);
    }

    /// <summary>
    /// Writes the links from <paramref name="source"/>'s NIC to <paramref name="destination"/>'s NIC: the same rail
    /// is one leaf, different rails cross the spines. Used between domains, and inside one for RDMA-only transfers.
    /// </summary>
    public int ScaleOutPath(int source, int destination, Span<int> links)
    {
        if (_nicUpBase < 0)
        {
            throw new InvalidOperationException("the fabric has no scale-out network between scale-up domains");
        }

        var srcRail = RailOf(source);
        var dstRail = RailOf(destination);
        links[0] = _nicUpBase + source;
        if (srcRail == dstRail)
        {
            links[1] = _nicDownBase + destination;
            return 2;
        }

        links[1] = _leafUpBase + srcRail;
        links[2] = _leafDownBase + dstRail;
        links[3] = _nicDownBase + destination;
        return 4;
    }

    /// <summary>
    /// Writes the links of a transfer forwarded through <paramref name="relay"/> (in the source's scale-up domain and on
    /// the destination's rail): the scale-up path to the relay, then the relay's NIC to the destination's NIC.
    /// </summary>
    /// <remarks>One flow over the concatenated path models a forwarder that pipelines in chunks small next to the transfer.</remarks>
    public int RelayedPath(int source, int relay, int destination, Span<int> links)
    {
        if ((uint)relay >= (uint)AcceleratorCount || !SameScaleUpDomain(source, relay) || RailOf(relay) != RailOf(destination)
            || SameScaleUpDomain(relay, destination))
        {
            throw new ArgumentOutOfRangeException(
                nameof(relay),
                $"relay {relay} must share a scale-up domain with source {source} and a rail (not a domain) with destination {destination}");
        }

        if (_nicUpBase < 0)
        {
            throw new InvalidOperationException("the fabric has no scale-out network between scale-up domains");
        }

        var hops = Path(source, relay, links);
        links[hops] = _nicUpBase + relay;
        links[hops + 1] = _nicDownBase + destination;
        return hops + 2;
    }

    /// <summary>Writes the links a collective's transfer uses: NIC to NIC for an RDMA-only transfer, its relayed path when it has a relay, else the direct path.</summary>
    public int Path(in FlowSpec flow, Span<int> links) => flow switch
    {
        { OverNics: true } when flow.Source != flow.Destination => ScaleOutPath(flow.Source, flow.Destination, links),
        { Via: >= 0 } => RelayedPath(flow.Source, flow.Via, flow.Destination, links),
        _ => Path(flow.Source, flow.Destination, links),
    };

    /// <summary>The path as a new array; convenient outside hot paths.</summary>
    public int[] PathArray(int source, int destination)
    {
        Span<int> buffer = stackalloc int[MaxPathLength];
        var n = Path(source, destination, buffer);
        return buffer[..n].ToArray();
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
