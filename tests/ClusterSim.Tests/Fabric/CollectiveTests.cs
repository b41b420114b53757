using ClusterSim.Engine;
using ClusterSim.Fabric;
using static ClusterSim.Tests.Fabric.FabricTestNetworks;

namespace ClusterSim.Tests.Fabric;

public sealed class CollectiveTests
{
    // H800(n): B_nv = 200 GB/s per direction, NVLink hop 1 us (alpha_nv = 2 us over up+down);
    // B_nic = 50 GB/s, scale-out hop 2 us.
    private const double BNv = 200 * GB;
    private const double BNic = 50 * GB;
    private const double S = 64e6;

    [Fact]
    public void Price_all_to_all_on_one_nvswitch_matches_the_closed_form()
    {
        var topology = new FabricTopology(H800(1));
        var a2a = Collectives.AllToAllUniform(topology, Ranks(8), S / 8, CollectiveRouting.Direct);

        var timing = new CollectivePricer(topology).Price(a2a, LinkModel.FairShare);

        // Each GPU sends 7/8·S out of its one uplink: 2 us + (7/8 · 64e6) / 2e11 s = 2 us + 280 us = 282 us.
        Assert.Equal(282_000, timing.Duration.Nanoseconds, 2.0);
        Assert.Equal(7.0 / 8 * S * 8, timing.ScaleUpBytes, 3);
        Assert.Equal(0, timing.ScaleOutBytes);
    }

    [Fact]
    public void Price_all_to_all_across_two_nodes_is_bound_by_the_nics()
    {
        var topology = new FabricTopology(H800(2));
        var a2a = Collectives.AllToAllUniform(topology, Ranks(16), S / 16, CollectiveRouting.Direct);

        var timing = new CollectivePricer(topology).Price(a2a, LinkModel.FairShare);

        // Each GPU sends 8 of its 16 slices to the other node: S/2 through its NIC at 50 GB/s.
        // The same-rail flow (2 hops, alpha 4 us) starts first and keeps the NIC saturated while the
        // cross-rail ones (4 hops, 8 us) wait; the leaf uplinks (100 GB/s) carry 14 × 6.25 GB/s and never bind.
        // Work-conserving NIC: 4 us + (64e6 / 2) / 5e10 s = 4 us + 640 us = 644 us.
        // (NVLink part: 2 us + 7 · 4e6 / 2e11 = 142 us, finished long before.)
        Assert.Equal(644_000, timing.Duration.Nanoseconds, 2.0);
        Assert.Equal(LinkClass.ScaleOut, topology.Links[timing.BottleneckLink].Class);
        Assert.Equal(16 * 8 * (S / 16), timing.ScaleOutBytes, 3);
    }

    [Fact]
    public void Price_hierarchical_all_to_all_hides_the_pipelined_nvlink_forwarding_behind_the_nics()
    {
        var topology = new FabricTopology(H800(2));
        var direct = Collectives.AllToAllUniform(topology, Ranks(16), S / 16, CollectiveRouting.Direct);
        var hierarchical = Collectives.AllToAllUniform(topology, Ranks(16), S / 16, CollectiveRouting.Hierarchical);
        var pricer = new CollectivePricer(topology);

        var tDirect = pricer.Price(direct, LinkModel.FairShare);
        var tHier = pricer.Price(hierarchical, LinkModel.FairShare);

        // Each relayed slice (4 MB) is one flow over NVLink up, NVLink down to the relay, the relay's NIC and the
        // peer's NIC. A NIC carries 8 slices (7 relayed, 1 own) at 50/8 = 6.25 GB/s each; a GPU's NVLink uplink
        // carries 7 relayed slices (7 · 6.25 = 43.75 GB/s) and 7 local ones at (200 − 43.75)/7 = 22.3 GB/s, which
        // finish after 4e6 / 2.23e10 ≈ 180 us. The own-rail slice starts sending at 2 · 2 us = 4 us, the relayed
        // ones at 2 · 1 + 2 · 2 = 6 us, and the NIC stays saturated from 4 us: 4 us + 32e6 / 5e10 = 644 us, as direct.
        // (The phased model with a barrier took 282 us + 644 us = 926 us.)
        Assert.Equal(644_000, tDirect.Duration.Nanoseconds, 2.0);
        Assert.Equal(644_000, tHier.Duration.Nanoseconds, 3.0);
        Assert.Equal(tDirect.ScaleOutBytes, tHier.ScaleOutBytes, 3);
        Assert.Equal(LinkClass.ScaleOut, topology.Links[tHier.BottleneckLink].Class);
    }

    [Fact]
    public void Price_hierarchical_all_to_all_is_one_phase_of_relayed_flows()
    {
        var topology = new FabricTopology(H800(2));
        var hierarchical = Collectives.AllToAllUniform(topology, Ranks(16), S / 16, CollectiveRouting.Hierarchical);

        // 16 · 15 transfers, none merged: 16 · 7 stay inside a node, 16 · 1 go straight to the same-rail peer and
        // 16 · 7 are relayed by the source node's GPU on the destination's rail.
        var flows = Assert.Single(hierarchical.Phases).Flows;
        Assert.Equal(240, flows.Count);
        Assert.Equal(16 * 7, flows.Count(f => f.Via >= 0));
        var relayed = flows.First(f => f.Source == 0 && f.Destination == 9);
        Assert.Equal(1, relayed.Via);
        Assert.Equal(new[] { 0, 16 + 1, 32 + 1, 48 + 9 }, PathOf(topology, relayed));
    }

    [Fact]
    public void Price_hierarchical_all_to_all_avoids_the_oversubscribed_spines()
    {
        var topology = new FabricTopology(H800(2, oversubscription: 4));
        var pricer = new CollectivePricer(topology);

        var tDirect = pricer.Price(Collectives.AllToAllUniform(topology, Ranks(16), S / 16, CollectiveRouting.Direct), LinkModel.FairShare);
        var tHier = pricer.Price(Collectives.AllToAllUniform(topology, Ranks(16), S / 16, CollectiveRouting.Hierarchical), LinkModel.FairShare);

        // Leaf uplink = 2 nodes · 50 GB/s / 4 = 25 GB/s, carrying the 14 cross-rail slices of its two GPUs:
        // 14 · 4e6 = 56e6 B, all starting together at 8 us: 8 us + 56e6 / 2.5e10 = 2248 us.
        // Hierarchical never touches the spines: 644 us as on the non-blocking fabric.
        Assert.Equal(2_248_000, tDirect.Duration.Nanoseconds, 2.0);
        Assert.Equal(644_000, tHier.Duration.Nanoseconds, 3.0);
        Assert.Contains("spines", topology.Links[tDirect.BottleneckLink].Name, StringComparison.Ordinal);
    }

    private static int[] PathOf(FabricTopology topology, FlowSpec flow)
    {
        var path = new int[topology.MaxPathLength];
        return path[..topology.Path(flow, path)];
    }

    [Fact]
    public void Price_ring_all_reduce_matches_two_n_minus_one_steps_closed_form()
    {
        var topology = new FabricTopology(H800(1));
        var ring = Collectives.AllReduceRing(Ranks(8), S);

        var timing = new CollectivePricer(topology).Price(ring, LinkModel.FairShare);

        // 2(n-1)/n · S/B + 2(n-1)·alpha = 14/8 · 64e6 / 2e11 s + 14 · 2 us = 560 us + 28 us = 588 us.
        Assert.Equal(588_000, timing.Duration.Nanoseconds, 14.0);
        Assert.Equal(14, ring.Phases.Count);
    }

    [Fact]
    public void Price_tree_all_reduce_takes_two_log2_n_full_buffer_steps()
    {
        var topology = new FabricTopology(H800(1));
        var tree = Collectives.AllReduceTree(Ranks(8), S);

        var timing = new CollectivePricer(topology).Price(tree, LinkModel.FairShare);

        // 2 · log2(8) = 6 steps of alpha + S/B = 2 us + 320 us: 1932 us.
        Assert.Equal(6, tree.Phases.Count);
        Assert.Equal(1_932_000, timing.Duration.Nanoseconds, 6.0);
    }

    [Fact]
    public void Price_all_gather_and_reduce_scatter_take_n_minus_one_ring_steps()
    {
        var topology = new FabricTopology(H800(1));
        var pricer = new CollectivePricer(topology);

        var gather = pricer.Price(Collectives.AllGather(Ranks(8), S), LinkModel.FairShare);
        var scatter = pricer.Price(Collectives.ReduceScatter(Ranks(8), S), LinkModel.AlphaBeta);

        // (n-1)/n · S/B + (n-1)·alpha = 7/8 · 64e6 / 2e11 + 7 · 2 us = 280 + 14 = 294 us.
        Assert.Equal(294_000, gather.Duration.Nanoseconds, 7.0);
        Assert.Equal(294_000, scatter.Duration.Nanoseconds, 7.0);
    }

    [Fact]
    public void Price_point_to_point_kv_transfer_crosses_one_rail()
    {
        var topology = new FabricTopology(H800(2));

        var timing = new CollectivePricer(topology).Price(Collectives.PointToPoint(2, 10, 1e8), LinkModel.FairShare);

        // Same rail: 2 hops of 2 us, 1e8 / 5e10 = 2 ms: 2004 us.
        Assert.Equal(2_004_000, timing.Duration.Nanoseconds, 1.0);
        Assert.Equal(1e8, timing.ScaleOutBytes);
    }

    [Fact]
    public void Price_many_to_many_attention_to_experts_is_bound_by_the_busiest_destination()
    {
        var topology = new FabricTopology(H800(1));

        // 4 attention GPUs (0-3) send 16e6 B each to each of 4 expert GPUs (4-7).
        var matrix = Enumerable.Repeat(16e6, 16).ToArray();
        var m2m = Collectives.ManyToMany(topology, [0, 1, 2, 3], [4, 5, 6, 7], matrix, CollectiveRouting.Direct);

        var timing = new CollectivePricer(topology).Price(m2m, LinkModel.FairShare);

        // Each uplink and each downlink carries 4 · 16e6 = 64e6 B at 2e11 B/s: 2 us + 320 us.
        Assert.Equal(322_000, timing.Duration.Nanoseconds, 2.0);
    }

    [Fact]
    public void LiveCollective_two_concurrent_all_to_alls_in_a_shared_network_contend()
    {
        var topology = new FabricTopology(H800(1));
        var network = new FlowNetwork(topology, LinkModel.FairShare);
        var first = new LiveCollective(network, topology, Collectives.AllToAllUniform(topology, Ranks(8), S / 8, CollectiveRouting.Direct), 1);
        var second = new LiveCollective(network, topology, Collectives.AllToAllUniform(topology, Ranks(8), S / 8, CollectiveRouting.Direct), 2);
        first.Begin(SimTime.Zero);
        second.Begin(SimTime.Zero);

        var sink = new CompletedFlowList();
        while (!(first.IsComplete && second.IsComplete))
        {
            sink.Flows.Clear();
            network.AdvanceTo(network.NextEventTime, sink);
            foreach (var flow in sink.Flows)
            {
                (flow.Tag == 1 ? first : second).OnFlowCompleted(flow.FinishTime);
            }
        }

        // Twice the bytes on every uplink: 2 us + 2 · 280 us = 562 us each.
        Assert.Equal(562_000, first.FinishTime.Nanoseconds, 2.0);
        Assert.Equal(562_000, second.FinishTime.Nanoseconds, 2.0);
    }

    [Fact]
    public void Price_all_to_all_on_a_full_mesh_uses_every_pair_link_in_parallel()
    {
        // MI300X-like: 8 GPUs, one 64 GB/s (per direction) link per pair, 1 us per hop.
        var spec = new FabricSpec(1, 8, ScaleUpLinks.FullMesh(64 * GB, SimDuration.FromMicroseconds(1), 8));
        var topology = new FabricTopology(spec);

        var timing = new CollectivePricer(topology).Price(Collectives.AllToAllUniform(topology, Ranks(8), S / 8, CollectiveRouting.Direct), LinkModel.FairShare);

        // Each pair's S/8 = 8e6 B has its own link: 1 us + 8e6 / 6.4e10 s = 1 us + 125 us = 126 us.
        Assert.Equal(126_000, timing.Duration.Nanoseconds, 2.0);
    }
}
