using ClusterSim.Engine;
using ClusterSim.Fabric;
using ClusterSim.Input;
using ClusterSim.Planning;
using ClusterSim.Scenarios;
using ClusterSim.Serving;

namespace ClusterSim.Tests.Planning;

/// <summary>
/// Per-pool all-to-all kernels (<c>experts.all_to_all</c>): DeepEP normal (relayed, deduplicated per scale-up domain),
/// low-latency (RDMA to every peer, also inside a node) and direct, each against a hand-priced all-to-all.
/// </summary>
public sealed class ExpertAllToAllTests
{
    private const double GB = 1e9;
    private const double Nvlink = 450 * GB; // per direction
    private const double Nic = 50 * GB;

    // Slopes are ns per byte a rank sends; fitting at 1 MB and 64 MB per rank removes the latencies.
    private static double Slope(FabricTopology topology, int ranks, ExpertAllToAll allToAll) =>
        CommunicationCalibration.Calibrate(topology, 0, ranks, 1, LinkModel.FairShare, allToAll).AllToAllNsPerByte;

    private static FabricTopology Fabric(int nodes, int perNode, int domain, bool nics = true) => new(new FabricSpec(
        nodes,
        perNode,
        ScaleUpLinks.Switched(2 * Nvlink, SimDuration.FromMicroseconds(1), domain),
        nics ? new ScaleOutLinks(Nic, SimDuration.FromMicroseconds(2)) : null));

    [Fact]
    public void One_nvlink_domain_of_32_built_as_8_nodes_of_4_deduplicates_nothing()
    {
        // Every rank sends P spread over 31 peers through its one NVLink up-link: P / 450 GB/s, whatever the nodes.
        var topology = Fabric(8, 4, 32);
        var hand = 1e9 / Nvlink;
        var normal = Slope(topology, 32, new ExpertAllToAll(CollectiveRouting.Hierarchical, 0.5));
        var direct = Slope(topology, 32, ExpertAllToAll.Plain(CollectiveRouting.Direct));
        Assert.Equal(hand, normal, hand * 1e-6);
        Assert.Equal(direct, normal, hand * 1e-9);
    }

    [Fact]
    public void Normal_kernels_send_the_deduplicated_share_of_cross_domain_copies_over_the_nics()
    {
        // EP16 over two H800-like domains of 8: 8 of a rank's 15 peers are remote, so each NIC carries 8P/15 undeduplicated
        // (the relays on the destination's rail collect what the 8 sources of a node send to that rail). With the
        // dedup factor f only f · 8P/15 crosses: slope f · 8 / (15 · 50 GB/s). The NVLink side (7P/15 local plus the
        // forwarded share) stays below 450 GB/s's time, so the NICs bind.
        var topology = Fabric(2, 8, 8);
        const double f = 0.5;
        var hand = f * 8 / 15 / Nic * 1e9;
        var normal = Slope(topology, 16, new ExpertAllToAll(CollectiveRouting.Hierarchical, f));
        var direct = Slope(topology, 16, ExpertAllToAll.Plain(CollectiveRouting.Direct));
        Assert.Equal(hand, normal, hand * 0.01);
        Assert.Equal(8.0 / 15 / Nic * 1e9, direct, hand * 0.01);
    }

    [Fact]
    public void Low_latency_kernels_reach_peers_in_the_same_node_through_the_nic()
    {
        // One node of 8: every byte a rank sends leaves through its 50 GB/s NIC (not the 450 GB/s NVLink): P / 50 GB/s.
        var topology = Fabric(1, 8, 8);
        var rdma = Slope(topology, 8, ExpertAllToAll.Plain(CollectiveRouting.Rdma));
        var nvlink = Slope(topology, 8, ExpertAllToAll.Plain(CollectiveRouting.Direct));
        Assert.Equal(1e9 / Nic, rdma, 1e9 / Nic * 1e-6);
        Assert.Equal(1e9 / Nvlink, nvlink, 1e9 / Nvlink * 1e-6);
    }

    [Fact]
    public void An_rdma_flow_between_two_gpus_of_one_node_uses_both_nics_and_the_spines()
    {
        var topology = Fabric(1, 8, 8);
        Span<int> links = stackalloc int[topology.MaxPathLength];
        var hops = topology.Path(new FlowSpec(0, 3, 1, OverNics: true), links);
        Assert.Equal(4, hops);
        Assert.Equal(topology.NicUplink(0), links[0]);
        Assert.Equal(topology.NicDownlink(3), links[3]);
        Assert.Equal(2, topology.Path(new FlowSpec(0, 3, 1), links)); // the plain path: up to the NVSwitch and down
    }

    [Fact]
    public void Pools_choose_their_kernels_and_default_to_the_cluster_routing()
    {
        var plan = Disaggregated("prefill: normal", "decode: low-latency").Plan();
        Assert.Equal(CollectiveRouting.Hierarchical, plan.Pools[0].AllToAll.Routing);
        Assert.Equal(CollectiveRouting.Rdma, plan.Pools[1].AllToAll.Routing);
        // Each pool sits inside one node; the decode pool's all-to-all is bound by the NICs: 400 Gb/s × 90 %.
        var nicNsPerByte = 1e9 / (400e9 / 8 * 0.9);
        Assert.Equal(nicNsPerByte, plan.Pools[1].Communication.AllToAllNsPerByte, nicNsPerByte * 0.01);
        Assert.True(plan.Pools[0].Communication.AllToAllNsPerByte < nicNsPerByte / 4);

        var defaults = Disaggregated(null, null).Plan();
        Assert.All(defaults.Pools, p => Assert.Equal(CollectiveRouting.Hierarchical, p.AllToAll.Routing));
    }

    [Fact]
    public void A_single_node_cluster_gets_nics_when_a_pool_uses_the_low_latency_kernels()
    {
        Assert.True(Colocated("low-latency").Plan().Topology.NicUplink(0) >= 0);
        Assert.Equal(-1, Colocated("normal").Plan().Topology.NicUplink(0));
    }

    [Fact]
    public void An_unknown_kernel_family_is_one_line_naming_the_key_and_the_choices()
    {
        var e = Assert.Throws<InputException>(() => Disaggregated("prefill: low_latency", null));
        Assert.Contains("deployment.prefill.experts.all_to_all", e.Message);
        Assert.Contains("normal, low-latency, direct", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    // A light open loop: these tests only resolve the deployment.
    private const string Workload = "workload: { arrival: poisson, rate_per_s: 1, input_tokens: 100, output_tokens: 10, duration: 10 s }";

    private static Scenario Colocated(string kernels) => ScenarioReader.Parse(
        "one-node.yaml",
        $$"""
        model: deepseek-v3
        hardware: h200
        cluster: { nodes: 1, accelerators_per_node: 8 }
        deployment:
          mode: colocated
          serving: { instances: 1, accelerators_per_instance: 8, experts: { ep: 8, all_to_all: {{kernels}} } }
        {{Workload}}
        """,
        Directory.GetCurrentDirectory());

    private static Scenario Disaggregated(string? prefill, string? decode)
    {
        static string Experts(string? line) => line is null ? "{ ep: 8 }" : $"{{ ep: 8, all_to_all: {line.Split(": ")[1]} }}";
        return ScenarioReader.Parse(
            "pools.yaml",
            $$"""
            model: deepseek-v3
            hardware: h200
            cluster: { nodes: 2, accelerators_per_node: 8 }
            deployment:
              mode: disaggregated
              prefill: { instances: 1, accelerators_per_instance: 8, experts: {{Experts(prefill)}} }
              decode: { instances: 1, accelerators_per_instance: 8, experts: {{Experts(decode)}} }
            {{Workload}}
            """,
            Directory.GetCurrentDirectory());
    }
}
