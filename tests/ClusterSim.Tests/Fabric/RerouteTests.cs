using ClusterSim.Engine;
using ClusterSim.Fabric;
using static ClusterSim.Tests.Fabric.FabricTestNetworks;

namespace ClusterSim.Tests.Fabric;

public sealed class RerouteTests
{
    // Two nodes of 4: NVSwitch 200 GB/s per direction and 1 us a hop, NIC 50 GB/s and 2 us a hop, leaf uplinks
    // 2 × 50 = 100 GB/s (non-blocking).
    private const double BNic = 50 * GB;
    private const double S = 64e6;

    private static FabricTopology TwoByFour(int acceleratorsPerNode = 4) => new(new FabricSpec(
        2,
        acceleratorsPerNode,
        ScaleUpLinks.Switched(400 * GB, SimDuration.FromMicroseconds(1), acceleratorsPerNode),
        new ScaleOutLinks(BNic, SimDuration.FromMicroseconds(2), 1)));

    private static string[] Names(FabricTopology topology, ReadOnlySpan<int> links)
    {
        var names = new string[links.Length];
        for (var i = 0; i < links.Length; i++)
        {
            names[i] = topology.Links[links[i]].Name;
        }

        return names;
    }

    [Theory]
    [InlineData(LinkModel.FairShare)]
    [InlineData(LinkModel.AlphaBeta)]
    public void Point_to_point_from_a_failed_NIC_is_relayed_over_the_next_rail(LinkModel model)
    {
        var topology = TwoByFour();
        var pricer = new CollectivePricer(topology);
        pricer.SetLinkFailed(topology.NicUplink(0));

        var timing = pricer.Price(Collectives.PointToPoint(0, 4, S), model);

        var failed = new bool[8];
        failed[0] = true;
        var path = new int[topology.MaxPathLength];
        var hops = topology.Path(0, 4, failed, path);
        Assert.Equal(
            ["gpu0->switch0", "switch0->gpu1", "nic1->leaf1", "leaf1->spines", "spines->leaf0", "leaf0->nic4"],
            Names(topology, path.AsSpan(0, hops)));
        // alpha = 1 + 1 (NVLink up/down) + 4 × 2 (rail 1 out, spines, rail 0 in) = 10 us;
        // bytes / min(scale-up 200, relay NIC 50, leaf 100 GB/s) = 64e6 / 5e10 s = 1280 us; total 1290 us.
        Assert.Equal(1_290_000, timing.Duration.Nanoseconds, 2.0);
        Assert.True(timing.ScaleUpBytes == S && timing.ScaleOutBytes == S, "the relayed flow uses both link classes");
    }

    [Fact]
    public void Path_into_a_failed_NIC_enters_through_the_next_rail_then_scale_up()
    {
        var topology = TwoByFour();
        var failed = new bool[8];
        failed[4] = true;
        var path = new int[topology.MaxPathLength];

        var hops = topology.Path(0, 4, failed, path);

        Assert.Equal(
            ["nic0->leaf0", "leaf0->spines", "spines->leaf1", "leaf1->nic5", "gpu5->switch1", "switch1->gpu4"],
            Names(topology, path.AsSpan(0, hops)));
    }

    [Fact]
    public void Path_skips_every_failed_rail_and_leaves_healthy_and_intra_node_paths_alone()
    {
        var topology = TwoByFour();
        var failed = new bool[8];
        failed[3] = failed[0] = true;   // rail 3 fails over to rail 0 (wraps), which is down too: rail 1.
        var path = new int[topology.MaxPathLength];

        var relayed = Names(topology, path.AsSpan(0, topology.Path(3, 5, failed, path)));
        var healthy = Names(topology, path.AsSpan(0, topology.Path(2, 6, failed, path)));
        var inside = Names(topology, path.AsSpan(0, topology.Path(0, 3, failed, path)));

        Assert.Equal(["gpu3->switch0", "switch0->gpu1", "nic1->leaf1", "leaf1->nic5"], relayed);
        Assert.Equal(["nic2->leaf2", "leaf2->nic6"], healthy);
        Assert.Equal(["gpu0->switch0", "switch0->gpu3"], inside);
    }

    [Fact]
    public void Hierarchical_flow_whose_relay_NIC_failed_leaves_through_the_next_rail()
    {
        var topology = TwoByFour();
        var failed = new bool[8];
        failed[2] = true;
        var path = new int[topology.MaxPathLength];

        // 0 -> 6 is relayed by 2 (node 0, rail 2); its NIC is down, so rail 3 carries it across the spines to rail 2.
        var hops = topology.Path(new FlowSpec(0, 6, S, Via: 2), failed, path);

        Assert.Equal(
            ["gpu0->switch0", "switch0->gpu3", "nic3->leaf3", "leaf3->spines", "spines->leaf2", "leaf2->nic6"],
            Names(topology, path.AsSpan(0, hops)));
    }

    [Fact]
    public void All_to_all_with_a_failed_NIC_completes_no_faster_than_the_three_NICs_left_allow()
    {
        var topology = TwoByFour();
        const double perPair = 16e6;
        var a2a = Collectives.AllToAllUniform(topology, Ranks(8), perPair, CollectiveRouting.Direct);
        var healthy = new CollectivePricer(topology).Price(a2a, LinkModel.FairShare);
        var pricer = new CollectivePricer(topology);
        pricer.SetNicFailed(0);

        var failed = pricer.Price(a2a, LinkModel.FairShare);

        // Node 0 sends 4 sources × 4 remote destinations × 16 MB = 256 MB out over 3 live NICs:
        // T >= 256e6 / (3 × 5e10) s = 1706.7 us; healthy, each NIC carries 4 × 16 MB: 4 us + 64e6 / 5e10 s = 1284 us.
        const double boundNs = 4 * 4 * perPair / (3 * BNic) * 1e9;
        Assert.True(failed.Duration.Nanoseconds >= boundNs, $"{failed.Duration.Nanoseconds} ns < bound {boundNs} ns");
        Assert.True(failed.Duration > healthy.Duration, $"{failed.Duration} vs healthy {healthy.Duration}");
        Assert.Equal(1_284_000, healthy.Duration.Nanoseconds, 2.0);
    }

    [Fact]
    public void A_node_with_every_NIC_failed_is_unreachable_with_one_clear_message()
    {
        var topology = TwoByFour(acceleratorsPerNode: 1);
        var pricer = new CollectivePricer(topology);
        pricer.SetNicFailed(1);

        var error = Assert.Throws<NodeUnreachableException>(() => pricer.Price(Collectives.PointToPoint(0, 1, S), LinkModel.FairShare));

        Assert.Equal("every NIC of scale-up domain 1 (accelerators 1-1) has failed, so its nodes are unreachable: no path from accelerator 0 to accelerator 1", error.Message);
        Assert.Equal(1, topology.FirstUnreachableDomain([false, true]));
        Assert.Equal(-1, topology.FirstUnreachableDomain([false, false]));
    }

    [Fact]
    public void A_domain_wider_than_a_node_leaves_through_another_node_when_its_own_NICs_are_down()
    {
        // NVL-style: 4 nodes of 2 in scale-up domains of 4; node 0 (accelerators 0, 1) has both NICs down.
        var topology = new FabricTopology(new FabricSpec(
            4, 2, ScaleUpLinks.Switched(400 * GB, SimDuration.FromMicroseconds(1), 4), new ScaleOutLinks(BNic, SimDuration.FromMicroseconds(2), 1)));
        var failed = new bool[8];
        failed[0] = failed[1] = true;
        var path = new int[topology.MaxPathLength];

        var hops = topology.Path(0, 4, failed, path);

        Assert.Equal(
            ["gpu0->switch0", "switch0->gpu2", "nic2->leaf0", "leaf0->nic4"],
            Names(topology, path.AsSpan(0, hops)));
        Assert.Equal(-1, topology.FirstUnreachableDomain(failed));
    }

    [Fact]
    public void SetLinkFailed_refuses_a_link_that_is_not_a_NIC()
    {
        var pricer = new CollectivePricer(TwoByFour());

        Assert.Throws<ArgumentException>(() => pricer.SetLinkFailed(0));
    }
}
