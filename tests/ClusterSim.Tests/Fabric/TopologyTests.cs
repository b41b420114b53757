using ClusterSim.Engine;
using ClusterSim.Fabric;
using static ClusterSim.Tests.Fabric.FabricTestNetworks;

namespace ClusterSim.Tests.Fabric;

public sealed class TopologyTests
{
    [Fact]
    public void Path_switched_domain_uses_the_source_uplink_and_destination_downlink()
    {
        var topology = new FabricTopology(H800(2));

        var path = topology.PathArray(1, 6);

        Assert.Equal(2, path.Length);
        Assert.Equal("gpu1->switch0", topology.Links[path[0]].Name);
        Assert.Equal("switch0->gpu6", topology.Links[path[1]].Name);

        // NvSwitch(400 GB/s bidirectional) gives 200 GB/s per direction.
        Assert.Equal(200 * GB, topology.Links[path[0]].BytesPerSecond);
    }

    [Fact]
    public void Path_same_rail_across_nodes_stays_on_the_leaf_and_cross_rail_goes_through_the_spines()
    {
        var topology = new FabricTopology(H800(2));

        var sameRail = topology.PathArray(3, 11).Select(l => topology.Links[l].Name).ToArray();
        var crossRail = topology.PathArray(3, 12).Select(l => topology.Links[l].Name).ToArray();

        Assert.Equal(["nic3->leaf3", "leaf3->nic11"], sameRail);
        Assert.Equal(["nic3->leaf3", "leaf3->spines", "spines->leaf4", "leaf4->nic12"], crossRail);
    }

    [Fact]
    public void RelayedPath_forwards_over_nvlink_to_the_relay_then_over_its_rail_only()
    {
        var topology = new FabricTopology(H800(2));
        var path = new int[topology.MaxPathLength];

        // 3 -> 12 relayed by 4 (node 0, rail 4): NVLink 3 -> 4, then rail 4 to 12; the spines are never used.
        var hops = topology.RelayedPath(3, 4, 12, path);

        Assert.Equal(["gpu3->switch0", "switch0->gpu4", "nic4->leaf4", "leaf4->nic12"], path[..hops].Select(l => topology.Links[l].Name));
        // Switched scale-up (2 hops) on both sides of a rerouted transfer plus 4 rail hops: 2 + 4 + 2.
        Assert.Equal(8, topology.MaxPathLength);
    }

    [Theory]
    [InlineData(3, 5, 12)]   // relay on another rail than the destination
    [InlineData(3, 12, 12)]  // relay in the destination's domain
    [InlineData(3, 9, 1)]    // destination in the source's domain
    public void RelayedPath_rejects_a_relay_off_the_source_domain_or_the_destination_rail(int source, int relay, int destination)
    {
        var topology = new FabricTopology(H800(2));

        Assert.Throws<ArgumentOutOfRangeException>(() => topology.RelayedPath(source, relay, destination, new int[topology.MaxPathLength]));
    }

    [Fact]
    public void Leaf_uplink_capacity_is_downlink_capacity_over_oversubscription()
    {
        var topology = new FabricTopology(H800(4, oversubscription: 2));

        var up = topology.PathArray(0, 9)[1];

        // 4 nodes × 50 GB/s per rail leaf, halved: 100 GB/s.
        Assert.Equal(100 * GB, topology.Links[up].BytesPerSecond);
    }

    [Fact]
    public void Path_rack_scale_domain_spans_nodes_over_scale_up()
    {
        // NVL72-like: 18 trays of 4 GPUs in one 72-GPU NVLink domain.
        var spec = new FabricSpec(18, 4, ScaleUpLinks.Switched(1800 * GB, SimDuration.FromMicroseconds(1), 72));
        var topology = new FabricTopology(spec);

        var path = topology.PathArray(0, 71);

        Assert.True(topology.SameScaleUpDomain(0, 71));
        Assert.All(path, l => Assert.Equal(LinkClass.ScaleUp, topology.Links[l].Class));
        Assert.Equal(900 * GB, topology.Links[path[0]].BytesPerSecond);
    }

    [Fact]
    public void Path_full_mesh_is_one_direct_link_per_pair()
    {
        var spec = new FabricSpec(1, 8, ScaleUpLinks.FullMesh(64 * GB, SimDuration.FromMicroseconds(1), 8));
        var topology = new FabricTopology(spec);

        var path = topology.PathArray(2, 5);

        Assert.Equal(56, topology.Links.Count);
        Assert.Equal("gpu2->gpu5", topology.Links[Assert.Single(path)].Name);
        Assert.Equal(64 * GB, topology.Links[path[0]].BytesPerSecond);
    }

    [Fact]
    public void Path_torus_routes_dimension_order_the_short_way_round()
    {
        // 4×4 torus, chip = x + 4y. From (0,0) to (3,2): x goes -1 (wrap, 1 hop instead of 3), then y +2.
        var spec = new FabricSpec(4, 4, ScaleUpLinks.Torus([4, 4], 100 * GB, SimDuration.FromMicroseconds(1)));
        var topology = new FabricTopology(spec);

        var names = topology.PathArray(0, 11).Select(l => topology.Links[l].Name).ToArray();

        // Hops: (0,0) -x-> (3,0)=chip 3, +y -> (3,1)=chip 7, +y -> (3,2)=chip 11.
        Assert.Equal(["chip0->-d0", "chip3->+d1", "chip7->+d1"], names);
    }

    [Fact]
    public void Validate_names_the_key_and_what_is_allowed()
    {
        var spec = H800(3) with { ScaleUp = ScaleUpLinks.Switched(400 * GB, SimDuration.Zero, 16) };

        var problems = spec.Validate();

        // 16 is a multiple of 8 but does not divide 24 accelerators.
        var problem = Assert.Single(problems);
        Assert.Equal("scaleUp.domainSize", problem.KeyPath);
        Assert.Contains("does not divide the 24", problem.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_several_domains_without_scale_out_is_refused()
    {
        var spec = H800(2) with { ScaleOut = null };

        Assert.Contains(spec.Validate(), p => p.KeyPath == "scaleOut");
        Assert.Throws<ArgumentException>(() => new FabricTopology(spec));
    }

    [Fact]
    public void Host_links_exist_per_accelerator_when_configured()
    {
        var spec = H800(1) with { HostLink = new HostLinkSpec(64 * GB, SimDuration.FromMicroseconds(1)) };
        var topology = new FabricTopology(spec);

        var up = topology.HostUplink(5);

        Assert.Equal("gpu5->host", topology.Links[up].Name);
        Assert.Equal(LinkClass.Host, topology.Links[topology.HostDownlink(5)].Class);
    }

    [Fact]
    public void Path_three_dimensional_torus_takes_one_hop_per_differing_coordinate_of_a_cube()
    {
        // 2×2×2 cube: chip 7 = (1,1,1) differs from chip 0 in every dimension: three hops, x then y then z.
        var spec = new FabricSpec(2, 4, ScaleUpLinks.Torus([2, 2, 2], 100 * GB, SimDuration.FromMicroseconds(1)));
        var topology = new FabricTopology(spec);

        var names = topology.PathArray(0, 7).Select(l => topology.Links[l].Name).ToArray();

        Assert.Equal(["chip0->+d0", "chip1->+d1", "chip3->+d2"], names);
    }
}
