namespace ClusterSim.Fabric;

/// <summary>Builds collectives as phases of flows; byte counts are already scaled by the caller's precision.</summary>
/// <remarks>
/// Ring collectives over n ranks send S/n per step to the next rank: all-reduce 2(n-1) steps, all-gather and
/// reduce-scatter n-1 steps (S is the full buffer per rank). The tree all-reduce is a binomial tree without
/// pipelining: ⌈log2 n⌉ reduce steps then as many broadcast steps, each sending the whole S.
/// </remarks>
public static class Collectives
{
    /// <summary>All-to-all among <paramref name="ranks"/>: rank i sends bytes[i·n + j] to rank j (diagonal ignored).</summary>
    public static Collective AllToAll(FabricTopology topology, IReadOnlyList<int> ranks, ReadOnlySpan<double> bytesRowMajor, CollectiveRouting routing)
    {
        var phases = BuildManyToMany(topology, ranks, ranks, bytesRowMajor, routing);
        return new Collective(CollectiveKind.AllToAll, routing, phases);
    }

    /// <summary>All-to-all where every rank sends <paramref name="bytesPerPair"/> to every other rank.</summary>
    public static Collective AllToAllUniform(FabricTopology topology, IReadOnlyList<int> ranks, double bytesPerPair, CollectiveRouting routing)
    {
        ArgumentNullException.ThrowIfNull(ranks);
        var matrix = new double[ranks.Count * ranks.Count];
        Array.Fill(matrix, bytesPerPair);
        return AllToAll(topology, ranks, matrix, routing);
    }

    /// <summary>Sources (M ranks) send bytes[i·N + j] to destinations (N ranks): attention to expert group and back.</summary>
    public static Collective ManyToMany(
        FabricTopology topology,
        IReadOnlyList<int> sources,
        IReadOnlyList<int> destinations,
        ReadOnlySpan<double> bytesRowMajor,
        CollectiveRouting routing)
    {
        var phases = BuildManyToMany(topology, sources, destinations, bytesRowMajor, routing);
        return new Collective(CollectiveKind.ManyToMany, routing, phases);
    }

    /// <summary>One transfer of <paramref name="bytes"/> from source to destination.</summary>
    public static Collective PointToPoint(int source, int destination, double bytes)
    {
        CheckBytes(bytes);
        FlowSpec[] flows = source == destination || bytes <= 0 ? [] : [new FlowSpec(source, destination, bytes)];
        return new Collective(CollectiveKind.PointToPoint, CollectiveRouting.Direct, flows.Length == 0 ? [] : [new CollectivePhase(flows)]);
    }

    /// <summary>Ring all-reduce of a buffer of <paramref name="bytesPerRank"/> (S): 2(n-1) steps of S/n to the next rank.</summary>
    public static Collective AllReduceRing(IReadOnlyList<int> ranks, double bytesPerRank) =>
        Ring(CollectiveKind.AllReduceRing, ranks, bytesPerRank, 2);

    /// <summary>Ring all-gather producing <paramref name="bytesPerRank"/> (S) on every rank: n-1 steps of S/n.</summary>
    public static Collective AllGather(IReadOnlyList<int> ranks, double bytesPerRank) =>
        Ring(CollectiveKind.AllGather, ranks, bytesPerRank, 1);

    /// <summary>Ring reduce-scatter of an input of <paramref name="bytesPerRank"/> (S) per rank: n-1 steps of S/n.</summary>
    public static Collective ReduceScatter(IReadOnlyList<int> ranks, double bytesPerRank) =>
        Ring(CollectiveKind.ReduceScatter, ranks, bytesPerRank, 1);

    /// <summary>Binomial-tree all-reduce of S = <paramref name="bytesPerRank"/>: ⌈log2 n⌉ reduce then ⌈log2 n⌉ broadcast steps of S.</summary>
    public static Collective AllReduceTree(IReadOnlyList<int> ranks, double bytesPerRank)
    {
        ArgumentNullException.ThrowIfNull(ranks);
        CheckBytes(bytesPerRank);
        var n = ranks.Count;
        var reduce = new List<CollectivePhase>();
        for (var span = 1; span < n; span *= 2)
        {
            // Step with distance `span`: rank i (i mod 2·span == span) passes its partial sum to rank i - span.
            var flows = new List<FlowSpec>();
            for (var i = span; i < n; i += 2 * span)
            {
                if (bytesPerRank > 0)
                {
                    flows.Add(new FlowSpec(ranks[i], ranks[i - span], bytesPerRank));
                }
            }

            reduce.Add(new CollectivePhase(flows));
        }

        var phases = new List<CollectivePhase>(reduce);
        for (var k = reduce.Count - 1; k >= 0; k--)
        {
            phases.Add(new CollectivePhase(reduce[k].Flows.Select(f => new FlowSpec(f.Destination, f.Source, f.Bytes)).ToArray()));
        }

        return new Collective(CollectiveKind.AllReduceTree, CollectiveRouting.Direct, phases);
    }

    private static Collective Ring(CollectiveKind kind, IReadOnlyList<int> ranks, double bytesPerRank, int passes)
    {
        ArgumentNullException.ThrowIfNull(ranks);
        CheckBytes(bytesPerRank);
        var n = ranks.Count;
        var phases = new List<CollectivePhase>();
        if (n > 1 && bytesPerRank > 0)
        {
            var chunk = bytesPerRank / n;
            var step = new FlowSpec[n];
            for (var i = 0; i < n; i++)
            {
                step[i] = new FlowSpec(ranks[i], ranks[(i + 1) % n], chunk);
            }

            // Every step moves the same chunk sizes between the same neighbours, so the phases share one array.
            var phase = new CollectivePhase(step);
            for (var s = 0; s < passes * (n - 1); s++)
            {
                phases.Add(phase);
            }
        }

        return new Collective(kind, CollectiveRouting.Direct, phases);
    }

    private static List<CollectivePhase> BuildManyToMany(
        FabricTopology topology,
        IReadOnlyList<int> sources,
        IReadOnlyList<int> destinations,
        ReadOnlySpan<double> bytes,
        CollectiveRouting routing)
    {
        ArgumentNullException.ThrowIfNull(topology);
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(destinations);
        var m = sources.Count;
        var n = destinations.Count;
        if (bytes.Length != m * n)
        {
            throw new ArgumentException($"the byte matrix has {bytes.Length} entries; {m} sources × {n} destinations need {m * n}", nameof(bytes));
        }

        // One phase: hierarchical transfers are relayed through a pipelined forwarder, not staged behind a barrier.
        var flows = new List<FlowSpec>();
        for (var i = 0; i < m; i++)
        {
            var src = sources[i];
            for (var j = 0; j < n; j++)
            {
                var b = bytes[(i * n) + j];
                CheckBytes(b);
                var dst = destinations[j];
                if (b <= 0 || src == dst)
                {
                    continue;
                }

                if (routing == CollectiveRouting.Rdma)
                {
                    flows.Add(new FlowSpec(src, dst, b, OverNics: true));
                    continue;
                }

                if (routing == CollectiveRouting.Direct || topology.SameScaleUpDomain(src, dst))
                {
                    flows.Add(new FlowSpec(src, dst, b));
                    continue;
                }

                // Relay: the accelerator of the source's node that sits on the destination's rail.
                var relay = topology.Accelerator(topology.NodeOf(src), topology.RailOf(dst));
                flows.Add(new FlowSpec(src, dst, b, relay == src ? -1 : relay));
            }
        }

        return flows.Count == 0 ? [] : [new CollectivePhase(flows)];
    }

    private static void CheckBytes(double bytes)
    {
        if (!(bytes >= 0) || !double.IsFinite(bytes))
        {
            throw new ArgumentOutOfRangeException(nameof(bytes), bytes, "byte counts must be finite and non-negative");
        }
    }
}
