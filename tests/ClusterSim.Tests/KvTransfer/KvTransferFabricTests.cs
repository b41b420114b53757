using ClusterSim.Engine;
using ClusterSim.Fabric;
using DataType = ClusterSim.Hardware.DataType;
using ClusterSim.Models;
using ClusterSim.Runs;
using ClusterSim.Scheduling;
using ClusterSim.Serving;
using ModelCatalog = ClusterSim.Tests.Models.Catalog;

namespace ClusterSim.Tests.KvTransfer;

public sealed class KvTransferFabricTests
{
    private const double Nic = 50e9;

    // DeepSeek-V3 MLA keeps 512 latent + 64 RoPE elements per token per layer, 61 layers, bf16:
    // 576 × 61 × 2 = 70,272 bytes per token; a 1,000-token prompt is 70,272,000 bytes.
    private const double PromptBytes = 70_272_000;

    // The prompt over one 50 GB/s NIC: 70,272,000 / 50e9 s = 1,405,440 ns.
    private const long AloneSendNs = 1_405_440;

    // Same-rail path across nodes: NIC up + NIC down, 1 µs each.
    private const long AlphaNs = 2_000;

    [Fact]
    public void One_transfer_alone_takes_alpha_plus_bytes_over_the_NIC_bandwidth()
    {
        var (simulation, fabric, sink) = Build(LinkModel.FairShare);
        fabric.Begin(0, Prompt(1000), 0, new RouteTarget(0, 0));
        simulation.Run();

        // 2,000 + 1,405,440 = 1,407,440 ns.
        var (transfer, at) = Assert.Single(sink.Arrivals);
        Assert.Equal(0, transfer);
        Assert.InRange(at.Nanoseconds, AlphaNs + AloneSendNs, AlphaNs + AloneSendNs + 1);
        var summary = fabric.Summarize();
        Assert.Equal(1, summary.Transfers);
        Assert.Equal(PromptBytes, summary.Bytes, 6);
        Assert.Equal("fair-share", summary.Model);
    }

    [Fact]
    public void Two_simultaneous_transfers_out_of_one_prefill_NIC_each_take_twice_as_long()
    {
        var (simulation, fabric, sink) = Build(LinkModel.FairShare);
        // Both leave prefill accelerator 0 for two decode ranks on different nodes (same rail, disjoint NIC downlinks).
        fabric.Begin(0, Prompt(1000), 0, new RouteTarget(0, 0));
        fabric.Begin(1, Prompt(1000), 0, new RouteTarget(0, 1));
        simulation.Run();

        // Each gets 25 GB/s of the shared uplink: 2,000 + 2 × 1,405,440 = 2,812,880 ns.
        Assert.Equal(2, sink.Arrivals.Count);
        Assert.All(sink.Arrivals, a => Assert.InRange(a.At.Nanoseconds, AlphaNs + (2 * AloneSendNs), AlphaNs + (2 * AloneSendNs) + 1));
        var nicUp = fabric.Network.Counters(Topology().NicUplink(0));
        Assert.Equal(2 * PromptBytes, nicUp.BytesCarried, 3);
        Assert.Equal(PromptBytes * 2, fabric.Summarize().BusiestLinkBytes, 3);
    }

    [Fact]
    public void A_transfer_that_starts_later_slows_the_one_already_sending_then_leaves_it_the_link()
    {
        var (simulation, fabric, sink) = Build(LinkModel.FairShare);
        fabric.Begin(0, Prompt(1000), 0, new RouteTarget(0, 0));
        simulation.Schedule(SimDuration.FromNanoseconds(AlphaNs + (AloneSendNs / 2)), () => fabric.Begin(1, Prompt(1000), 0, new RouteTarget(0, 1)));
        simulation.Run();

        // Transfer 0 sends half alone by 704,720 ns; the second's alpha ends 2,000 ns later (at 706,720), during which
        // transfer 0 sends 2,000 ns × 50 GB/s = 100,000 more bytes. The 35,036,000 bytes left go at 25 GB/s
        // (1,401,440 ns): transfer 0 ends at 2,108,160 ns. Transfer 1 has sent as much, 35,036,000 bytes, by then and
        // its remaining 35,236,000 bytes go alone at 50 GB/s (704,720 ns): it ends at 2,812,880 ns.
        Assert.Equal(2, sink.Arrivals.Count);
        Assert.Equal(0, sink.Arrivals[0].Transfer);
        Assert.InRange(sink.Arrivals[0].At.Nanoseconds, 2_108_159, 2_108_162);
        Assert.InRange(sink.Arrivals[1].At.Nanoseconds, 2_812_879, 2_812_883);
    }

    [Fact]
    public void Under_alpha_beta_simultaneous_transfers_do_not_slow_each_other()
    {
        var (simulation, fabric, sink) = Build(LinkModel.AlphaBeta);
        fabric.Begin(0, Prompt(1000), 0, new RouteTarget(0, 0));
        fabric.Begin(1, Prompt(1000), 0, new RouteTarget(0, 1));
        simulation.Run();

        Assert.All(sink.Arrivals, a => Assert.InRange(a.At.Nanoseconds, AlphaNs + AloneSendNs, AlphaNs + AloneSendNs + 1));
        Assert.Equal("alpha-beta", fabric.Summarize().Model);
    }

    [Fact]
    public void The_priced_transport_prices_each_transfer_alone_as_before()
    {
        var simulation = new Simulation();
        var topology = Topology();
        var memory = new ModelMemory(ModelCatalog.Load("deepseek-v3"), ModelPrecision.Uniform(DataType.Bf16));
        var pricer = new FabricKvTransferPricer(topology, memory, [0], [2]);
        var transport = new PricedKvTransport(simulation, pricer, r => memory.KvBytesForContext(r.PromptTokens));
        var sink = new RecordingSink(simulation);
        transport.Attach(sink);
        transport.Begin(0, Prompt(1000), 0, new RouteTarget(0, 0));
        transport.Begin(1, Prompt(1000), 0, new RouteTarget(0, 0));
        simulation.Run();

        // No contention: both arrive after alpha + bytes / bandwidth (the fitted line may round up by a nanosecond).
        Assert.All(sink.Arrivals, a => Assert.InRange(a.At.Nanoseconds, AlphaNs + AloneSendNs - 1, AlphaNs + AloneSendNs + 2));
        Assert.Equal(2, transport.Summarize().Transfers);
        Assert.Equal(2 * PromptBytes, transport.Summarize().Bytes, 3);
    }

    [Fact]
    public void A_NIC_degraded_mid_transfer_slows_the_rest_of_it()
    {
        var (simulation, fabric, sink) = Build(LinkModel.FairShare);
        fabric.Begin(0, Prompt(1000), 0, new RouteTarget(0, 0));
        Assert.Equal(1, fabric.InFlight);
        simulation.Schedule(SimDuration.FromNanoseconds(AlphaNs + (AloneSendNs / 2)), () => fabric.SetNicBandwidthFactor(0, 0.5));
        simulation.Run();

        // Half the bytes at 50 GB/s (702,720 ns after alpha), the other half at 25 GB/s (1,405,440 ns):
        // 2,000 + 702,720 + 1,405,440 = 2,110,160 ns.
        var (_, at) = Assert.Single(sink.Arrivals);
        Assert.InRange(at.Nanoseconds, 2_110_159, 2_110_162);
        Assert.Equal(0, fabric.InFlight);
    }

    [Fact]
    public void A_transfer_out_of_a_failed_NIC_is_relayed_through_the_other_rail_of_the_node()
    {
        var (simulation, fabric, sink) = Build(LinkModel.FairShare);
        fabric.SetNicBandwidthFactor(0, 0);
        fabric.Begin(0, Prompt(1000), 0, new RouteTarget(0, 0));
        simulation.Run();

        // 0 -> 2 leaves through accelerator 1: NVLink up and down, rail 1, spines, rail 0 in: six 1 µs hops = 6,000 ns,
        // then the bytes at min(450 GB/s NVLink, 50 GB/s NIC, 150 GB/s leaf) = 1,405,440 ns; 1,411,440 ns in all.
        var (_, at) = Assert.Single(sink.Arrivals);
        Assert.InRange(at.Nanoseconds, 1_411_440, 1_411_441);
        var topology = Topology();
        Assert.Equal(0, fabric.Network.Counters(topology.NicUplink(0)).BytesCarried);
        Assert.Equal(PromptBytes, fabric.Network.Counters(topology.NicUplink(1)).BytesCarried, 3);

        // Repaired, the next transfer goes straight out of its own NIC again: 2,000 + 1,405,440 ns after it starts.
        var repairedAt = simulation.Now;
        fabric.SetNicBandwidthFactor(0, 1);
        fabric.Begin(1, Prompt(1000), 0, new RouteTarget(0, 0));
        simulation.Run();
        Assert.InRange((sink.Arrivals[1].At - repairedAt).Nanoseconds, AlphaNs + AloneSendNs, AlphaNs + AloneSendNs + 1);
    }

    [Fact]
    public void Abandoned_transfers_are_counted_and_never_reported_afterwards()
    {
        var (simulation, fabric, sink) = Build(LinkModel.FairShare);
        fabric.Begin(0, Prompt(1000), 0, new RouteTarget(0, 0));
        fabric.Begin(1, Prompt(100), 0, new RouteTarget(0, 1));
        // The short one (7,027,200 bytes) ends first, well before 1 ms; the long one is still sending then.
        simulation.Run(SimTime.Zero + SimDuration.FromMilliseconds(1));
        Assert.Single(sink.Arrivals);
        fabric.Abandon();
        simulation.Run();

        Assert.Single(sink.Arrivals);
        var summary = fabric.Summarize();
        Assert.Equal(1, summary.Transfers);
        Assert.Equal(1, summary.Abandoned);
    }

    private static RequestState Prompt(int tokens)
    {
        var request = new RequestState(tokens, SimTime.Zero, tokens, 10, null);
        request.Route(0, 0);
        request.Admit(0, 0, arrivesPrefilled: true, SimTime.Zero);
        request.BeginTransfer(0);
        return request;
    }

    // Three nodes of two accelerators; prefill rank 0 on accelerator 0, decode ranks on accelerators 2 and 4 (rail 0).
    private static FabricTopology Topology() => new(new FabricSpec(
        3,
        2,
        ClusterSim.Fabric.ScaleUpLinks.Switched(900e9, SimDuration.FromMicroseconds(1), 2),
        new ClusterSim.Fabric.ScaleOutLinks(Nic, SimDuration.FromMicroseconds(1))));

    private static (Simulation Simulation, KvTransferFabric Fabric, RecordingSink Sink) Build(LinkModel model)
    {
        var simulation = new Simulation();
        var memory = new ModelMemory(ModelCatalog.Load("deepseek-v3"), ModelPrecision.Uniform(DataType.Bf16));
        var fabric = new KvTransferFabric(simulation, Topology(), model, memory, new KvEndpoints([0], 1), new KvEndpoints([2], 2));
        var sink = new RecordingSink(simulation);
        fabric.Attach(sink);
        return (simulation, fabric, sink);
    }

    private sealed class RecordingSink(Simulation simulation) : IKvTransferSink
    {
        public List<(int Transfer, SimTime At)> Arrivals { get; } = [];

        public void OnKvTransferred(int transfer) => Arrivals.Add((transfer, simulation.Now));
    }
}
