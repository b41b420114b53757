using ClusterSim.Engine;
using ClusterSim.Fabric;
using static ClusterSim.Tests.Fabric.FabricTestNetworks;

namespace ClusterSim.Tests.Fabric;

public sealed class FlowNetworkTests
{
    [Fact]
    public void Start_one_flow_alone_takes_latency_plus_size_over_bandwidth()
    {
        var network = new FlowNetwork(Links((100 * GB, 2)), LinkModel.FairShare, 4);
        network.Start(SimTime.Zero, [0], 1e6, tag: 7);

        var done = RunToIdle(network);

        // 2 us + 1e6 B / 1e11 B/s = 2 us + 10 us = 12 us.
        var flow = Assert.Single(done);
        Assert.Equal(12_000, flow.FinishTime.Nanoseconds);
        Assert.Equal(7, flow.Tag);
        Assert.Equal(1e6, flow.Bytes);
    }

    [Fact]
    public void Rate_two_flows_on_one_link_each_get_half()
    {
        var network = new FlowNetwork(Links((100 * GB, 0)), LinkModel.FairShare, 4);
        var a = network.Start(SimTime.Zero, [0], 1e6, 1);
        var b = network.Start(SimTime.Zero, [0], 1e6, 2);

        Assert.Equal(50 * GB, network.Rate(a), 6);
        Assert.Equal(50 * GB, network.Rate(b), 6);

        // Each sends 1e6 B at 5e10 B/s: 20 us.
        var done = RunToIdle(network);
        Assert.All(done, f => Assert.Equal(20_000, f.FinishTime.Nanoseconds));
    }

    [Fact]
    public void Rate_flow_over_slow_and_fast_link_runs_at_the_slow_one()
    {
        var network = new FlowNetwork(Links((100 * GB, 1), (25 * GB, 3)), LinkModel.FairShare, 4);
        network.Start(SimTime.Zero, [0, 1], 1e6, 1);

        var done = RunToIdle(network);

        // alpha = 1 + 3 = 4 us; 1e6 B / 2.5e10 B/s = 40 us; finish 44 us.
        Assert.Equal(44_000, Assert.Single(done).FinishTime.Nanoseconds);
    }

    [Fact]
    public void Rate_three_flows_on_two_links_get_max_min_fair_unequal_shares()
    {
        // Link A 10 GB/s, link B 4 GB/s. f1 crosses A and B, f2 only A, f3 only B.
        // B saturates first at 4 / 2 = 2 GB/s (f1, f3 frozen); A has 10 - 2 = 8 GB/s left for f2.
        var network = new FlowNetwork(Links((10 * GB, 0), (4 * GB, 0)), LinkModel.FairShare, 4);
        var f1 = network.Start(SimTime.Zero, [0, 1], 1e9, 1);
        var f2 = network.Start(SimTime.Zero, [0], 1e9, 2);
        var f3 = network.Start(SimTime.Zero, [1], 1e9, 3);

        Assert.Equal(2 * GB, network.Rate(f1), 3);
        Assert.Equal(8 * GB, network.Rate(f2), 3);
        Assert.Equal(2 * GB, network.Rate(f3), 3);
    }

    [Fact]
    public void AdvanceTo_when_a_flow_ends_the_survivors_take_its_share()
    {
        // Same links as above; f2 (1 GB at 8 GB/s) ends at 125 ms. Afterwards A has 10 GB/s and B 4 GB/s for
        // f1 and f3: B is still the bottleneck, each 2 GB/s, so nothing changes for them...
        // ...until f3 ends. Make f3 small: 0.1 GB at 2 GB/s ends at 50 ms; then f1 alone gets min(10, 4) = 4 GB/s.
        var network = new FlowNetwork(Links((10 * GB, 0), (4 * GB, 0)), LinkModel.FairShare, 4);
        var f1 = network.Start(SimTime.Zero, [0, 1], 1e9, 1);
        network.Start(SimTime.Zero, [0], 1e9, 2);
        network.Start(SimTime.Zero, [1], 0.1e9, 3);

        var sink = new CompletedFlowList();
        network.AdvanceTo(SimTime.FromSeconds(0.05), sink);

        Assert.Equal(3, Assert.Single(sink.Flows).Tag);
        Assert.Equal(4 * GB, network.Rate(f1), 3);

        // f1 sent 0.1 GB by 50 ms; 0.9 GB at 4 GB/s takes 225 ms more: done at 275 ms.
        var rest = RunToIdle(network);
        Assert.Equal(275_000_000, rest.Single(f => f.Tag == 1).FinishTime.Nanoseconds, 2.0);
    }

    [Fact]
    public void AlphaBeta_agrees_with_fair_share_when_flows_do_not_share_links()
    {
        var links = Links((100 * GB, 1), (50 * GB, 2), (25 * GB, 3));
        var fair = new FlowNetwork(links, LinkModel.FairShare, 4);
        var alpha = new FlowNetwork(links, LinkModel.AlphaBeta, 4);
        foreach (var network in new[] { fair, alpha })
        {
            network.Start(SimTime.Zero, [0], 1e6, 0);
            network.Start(SimTime.Zero, [1, 2], 1e6, 1);
        }

        // Flow 0: 1 us + 1e6/1e11 = 11 us. Flow 1: 5 us + 1e6/2.5e10 = 45 us.
        var fairTimes = RunToIdle(fair).OrderBy(f => f.Tag).Select(f => f.FinishTime.Nanoseconds).ToArray();
        var alphaTimes = RunToIdle(alpha).OrderBy(f => f.Tag).Select(f => f.FinishTime.Nanoseconds).ToArray();
        Assert.Equal([11_000L, 45_000L], fairTimes);
        Assert.Equal(fairTimes, alphaTimes);
    }

    [Fact]
    public void AlphaBeta_ignores_contention_that_fair_share_charges()
    {
        var links = Links((100 * GB, 1));
        var fair = new FlowNetwork(links, LinkModel.FairShare, 4);
        var alpha = new FlowNetwork(links, LinkModel.AlphaBeta, 4);
        foreach (var network in new[] { fair, alpha })
        {
            network.Start(SimTime.Zero, [0], 1e6, 0);
            network.Start(SimTime.Zero, [0], 1e6, 1);
        }

        // Alpha-beta: each 1 us + 1e6/1e11 = 11 us. Fair share: each at 5e10 B/s, 1 us + 20 us = 21 us.
        Assert.All(RunToIdle(alpha), f => Assert.Equal(11_000, f.FinishTime.Nanoseconds));
        Assert.All(RunToIdle(fair), f => Assert.Equal(21_000, f.FinishTime.Nanoseconds));
    }

    [Fact]
    public void Counters_report_bytes_busy_time_and_utilisation_of_a_link()
    {
        var network = new FlowNetwork(Links((100 * GB, 0)), LinkModel.FairShare, 4);
        var before = network.Counters(0);
        network.Start(SimTime.Zero, [0], 1e6, 0);
        RunToIdle(network);
        network.AdvanceTo(new SimTime(20_000), new CompletedFlowList());

        var after = network.Counters(0);

        // 1e6 B at 1e11 B/s is busy 10 us of a 20 us window: utilisation 1e6 / (1e11 · 2e-5) = 0.5.
        Assert.Equal(1e6, after.BytesCarried, 3);
        Assert.Equal(10_000, after.BusyTime.Nanoseconds);
        Assert.Equal(0.5, LinkCounters.Utilisation(before, after, 100 * GB), 9);
    }

    [Fact]
    public void SetLinkBandwidth_degraded_link_halves_the_rate_from_then_on()
    {
        var network = new FlowNetwork(Links((100 * GB, 0)), LinkModel.FairShare, 4);
        var flow = network.Start(SimTime.Zero, [0], 2e6, 0);
        network.AdvanceTo(new SimTime(10_000), new CompletedFlowList());

        network.SetLinkBandwidth(new SimTime(10_000), 0, 50 * GB);

        // 1e6 B sent in the first 10 us; the other 1e6 B at 5e10 B/s take 20 us: done at 30 us.
        Assert.Equal(50 * GB, network.Rate(flow), 3);
        Assert.Equal(30_000, Assert.Single(RunToIdle(network)).FinishTime.Nanoseconds);
    }

    [Fact]
    public void Start_with_empty_path_or_zero_bytes_completes_after_the_latency()
    {
        var network = new FlowNetwork(Links((100 * GB, 3)), LinkModel.FairShare, 4);
        network.Start(SimTime.Zero, [], 1e6, 0);
        network.Start(SimTime.Zero, [0], 0, 1);

        var done = RunToIdle(network).OrderBy(f => f.Tag).ToArray();

        Assert.Equal(0, done[0].FinishTime.Nanoseconds);
        Assert.Equal(3_000, done[1].FinishTime.Nanoseconds);
    }

    [Fact]
    public void Start_before_pending_events_are_processed_is_refused()
    {
        var network = new FlowNetwork(Links((100 * GB, 0)), LinkModel.FairShare, 4);
        network.Start(SimTime.Zero, [0], 1e6, 0);

        Assert.Throws<InvalidOperationException>(() => network.Start(new SimTime(50_000), [0], 1, 1));
    }

    [Fact]
    public void Conservation_bytes_delivered_equal_bytes_started_and_links_carry_each_flow_once_per_hop()
    {
        var topology = new FabricTopology(H800(2));
        var network = new FlowNetwork(topology, LinkModel.FairShare);
        var stream = ClusterSim.Engine.Random.RandomStream.ForComponent(42, "fabric-conservation");
        var started = 0.0;
        var all = new CompletedFlowList();
        var expectedLinkBytes = new double[topology.Links.Count];
        for (var i = 0; i < 300; i++)
        {
            var src = stream.NextInt(16);
            var dst = stream.NextInt(16);
            var bytes = Math.Round(stream.Uniform(1e3, 1e7));
            var path = topology.PathArray(src, dst);
            network.Start(network.Now, path, bytes, i);
            started += bytes;
            foreach (var link in path)
            {
                expectedLinkBytes[link] += bytes;
            }

            if (i % 7 == 0)
            {
                network.AdvanceTo(network.NextEventTime, all);
            }
        }

        network.AdvanceTo(SimTime.FromSeconds(1), all);

        Assert.Equal(300, all.Flows.Count);
        Assert.Equal(0, network.ActiveFlowCount + network.PendingFlowCount);
        Assert.Equal(started, all.Flows.Sum(f => f.Bytes), 3);
        for (var link = 0; link < topology.Links.Count; link++)
        {
            Assert.Equal(expectedLinkBytes[link], network.Counters(link).BytesCarried, 1e-6 * (expectedLinkBytes[link] + 1));
        }
    }
}
