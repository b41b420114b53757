using ClusterSim.Fabric;
using System.Globalization;
using ClusterSim.Engine;
using ClusterSim.Serving;
using ClusterSim.Telemetry;

namespace ClusterSim.Tests.Telemetry;

public sealed class TimeseriesWriterTests
{
    private static double D(string cell) => double.Parse(cell, CultureInfo.InvariantCulture);

    [Fact]
    public void InstanceTimeline_step_spanning_buckets_is_split_pro_rata()
    {
        // A 25 ms step from 5 ms to 30 ms, 40% compute-bound, 60% memory-bound, 1000 fabric bytes, 100 tokens.
        // Buckets of 10 ms: [0,10) gets 5 ms, [10,20) 10 ms, [20,30) 10 ms.
        var links = new LinkProfile(0.75, 0.25, 1e9, 1e8);
        var t = new InstanceTimeline(0, 0);
        var cost = new StepCost
        {
            Duration = SimDuration.FromMilliseconds(25),
            ComputeBoundNs = 10e6,
            MemoryBoundNs = 15e6,
            FabricBytes = 1000,
        };
        t.StartStep(cost, SimTime.Zero + SimDuration.FromMilliseconds(5), 100, links);

        t.Consume(10_000_000);
        Assert.Equal(5e6, t.BusyNs, 6);
        Assert.Equal(2e6, t.ComputeNs, 6);        // 5 ms × 0.4
        Assert.Equal(3e6, t.MemoryNs, 6);         // 5 ms × 0.6
        Assert.Equal(150, t.ScaleUpBytes, 6);     // 1000 B × 5/25 × 0.75
        Assert.Equal(50, t.ScaleOutBytes, 6);     // 1000 B × 5/25 × 0.25
        Assert.Equal(100 * 5e6, t.TokenNs, 3);
        t.ResetBucket();

        t.Consume(20_000_000);
        Assert.Equal(10e6, t.BusyNs, 6);
        Assert.Equal(300, t.ScaleUpBytes, 6);     // 1000 B × 10/25 × 0.75
        t.ResetBucket();

        t.Consume(30_000_000);
        Assert.Equal(10e6, t.BusyNs, 6);
        t.ResetBucket();

        t.Consume(40_000_000);
        Assert.Equal(0, t.BusyNs);
    }

    [Fact]
    public void InstanceTimeline_consuming_twice_does_not_count_twice()
    {
        var t = new InstanceTimeline(0, 0);
        t.StartStep(new StepCost { Duration = SimDuration.FromMilliseconds(10) }, SimTime.Zero, 1, LinkProfile.None);
        t.Consume(4_000_000);
        t.Consume(4_000_000);
        t.Consume(2_000_000);
        Assert.Equal(4e6, t.BusyNs, 6);
    }

    [Fact]
    public void Run_pool_rows_conserve_busy_time_and_output_tokens()
    {
        var scenario = ShortRun.Scenario();
        var (result, csv, _, _) = ShortRun.Run(scenario);
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(string.Join(',', TimeseriesWriter.Columns), lines[0]);
        var header = lines[0].Split(',');
        int Col(string name) => Array.IndexOf(header, name);
        var window = scenario.Outputs.TimeseriesWindow.TotalSeconds;
        double busySeconds = 0, tokens = 0, previousTime = -1;
        var rows = lines.Skip(1).Select(l => l.Split(',')).Where(r => r[Col("scope")] == "pool").ToList();
        for (var i = 0; i < rows.Count; i++)
        {
            var r = rows[i];
            var time = D(r[Col("time_s")]);
            Assert.True(time > previousTime, "buckets are in time order");
            previousTime = time;
            // The last bucket is partial: it ends with the run.
            var length = i == rows.Count - 1 ? result.SimulatedSeconds - time : window;
            var busy = D(r[Col("busy")]);
            Assert.InRange(busy, 0, 1.0001);
            var parts = D(r[Col("compute_busy")]) + D(r[Col("hbm_busy")]) + D(r[Col("communication")]) + D(r[Col("imbalance")]);
            Assert.InRange(parts, busy - 0.0005, busy + 0.0005);
            Assert.InRange(D(r[Col("kv_max")]), D(r[Col("kv_mean")]) - 1e-4, 1.0001);
            busySeconds += busy * length;
            tokens += D(r[Col("output_tokens_per_s")]) * length;
        }

        var stats = result.Metrics.Pools["serving"];
        // Shares are written with 4 decimals: each row may be off by half a unit of the last one.
        Assert.InRange(busySeconds, (stats.BusyNs / 1e9) - (rows.Count * 0.00005 * window), (stats.BusyNs / 1e9) + (rows.Count * 0.00005 * window));
        Assert.InRange(tokens, result.Metrics.OutputTokens - (rows.Count * 0.005 * window) - 1, result.Metrics.OutputTokens + (rows.Count * 0.005 * window) + 1);
        Assert.True(rows.Count >= (int)(result.SimulatedSeconds / window), $"every bucket of the run has a row: {rows.Count} rows for {result.SimulatedSeconds} s, last at {previousTime} s");
    }

    [Fact]
    public void LinkProfile_splits_expert_parallel_traffic_by_scale_up_domain()
    {
        // EP16 over domains of 8: a copy goes to one of the 15 other ranks; 8 of them are in the other domain.
        var flat = LinkProfile.ForExpertParallel(16, 8, 16, CollectiveRouting.Direct, 1, 450e9, 50e9);
        Assert.Equal(8.0 / 15, flat.ScaleOutShare, 12);
        Assert.Equal(7.0 / 15, flat.ScaleUpShare, 12);
        Assert.Equal(16 * 450e9, flat.ScaleUpBytesPerSecond);
        Assert.Equal(16 * 50e9, flat.ScaleOutBytesPerSecond);

        // Hierarchical with half the copies deduplicated: half the inter-node bytes cross; all copies then ride scale-up.
        var hierarchical = LinkProfile.ForExpertParallel(16, 8, 16, CollectiveRouting.Hierarchical, 0.5, 450e9, 50e9);
        Assert.Equal(4.0 / 15, hierarchical.ScaleOutShare, 12);
        Assert.Equal(1.0, hierarchical.ScaleUpShare, 12);

        // EP8 inside one domain: nothing leaves it, unless the low-latency kernels send every copy over RDMA.
        var intra = LinkProfile.ForExpertParallel(8, 8, 8, CollectiveRouting.Direct, 1, 450e9, 50e9);
        Assert.Equal(0, intra.ScaleOutShare);
        Assert.Equal(0, intra.ScaleOutBytesPerSecond);
        var rdma = LinkProfile.ForExpertParallel(8, 8, 8, CollectiveRouting.Rdma, 1, 450e9, 50e9);
        Assert.Equal(1, rdma.ScaleOutShare);
        Assert.Equal(0, rdma.ScaleUpShare);
        Assert.Equal(8 * 50e9, rdma.ScaleOutBytesPerSecond);

        // EP32 in one 32-GPU NVLink domain built as 8 nodes of 4 (GB200-style trays): nothing crosses a NIC.
        var tray = LinkProfile.ForExpertParallel(32, 32, 32, CollectiveRouting.Hierarchical, 0.5, 900e9, 50e9);
        Assert.Equal(0, tray.ScaleOutShare);
        Assert.Equal(1, tray.ScaleUpShare);
    }
}

public sealed class TimeseriesInstanceRowsTests
{
    [Fact]
    public void A_pool_of_two_instances_gets_instance_rows_whose_mean_is_the_pool_row()
    {
        var scenario = ShortRun.Scenario(
            4,
            new("deployment.serving.instances", "2"),
            new("deployment.serving.accelerators_per_instance", "8"),
            new("deployment.serving.attention.dp", "8"),
            new("deployment.serving.experts.ep", "8"));
        var (_, csv, _, _) = ShortRun.Run(scenario);
        var rows = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split(',')).ToList();

        foreach (var bucket in rows.GroupBy(r => r[0]))
        {
            var instances = bucket.Where(r => r[1] == "instance").ToList();
            var pool = Assert.Single(bucket, r => r[1] == "pool");
            Assert.Equal(["0", "1"], instances.Select(r => r[3]));
            // busy is column 4, written with 4 decimals; output tokens/s (column 14) add up over instances.
            var mean = instances.Average(r => double.Parse(r[4], System.Globalization.CultureInfo.InvariantCulture));
            Assert.InRange(double.Parse(pool[4], System.Globalization.CultureInfo.InvariantCulture), mean - 0.0001, mean + 0.0001);
            var sum = instances.Sum(r => double.Parse(r[14], System.Globalization.CultureInfo.InvariantCulture));
            Assert.InRange(double.Parse(pool[14], System.Globalization.CultureInfo.InvariantCulture), sum - 0.02, sum + 0.02);
            // EP8 fits in a node of 8: nothing on scale-out links.
            Assert.Equal("0", pool[17]);
        }
    }
}
