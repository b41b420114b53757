using ClusterSim.Engine;
using ClusterSim.Scheduling;
using ClusterSim.Scheduling.KvCache;
using ClusterSim.Serving;
using ClusterSim.Telemetry;

namespace ClusterSim.Tests.Telemetry;

public sealed class StepRecordAllocationTests
{
    [Fact]
    public void Sampling_gauges_and_sending_step_records_allocates_nothing_per_step()
    {
        var ranks = Enumerable.Range(0, 8).Select(i => new AttentionRank(i, new PagedKvCache(1000, 16), 16, decodeOnly: false)).ToArray();
        var request = new RequestState(1, SimTime.Zero, 100, 10, null);
        ranks[3].Waiting.Enqueue(request);
        ranks[3].TryAdmitNext(SimTime.Zero);
        var batch = new StepBatch(ranks.Length);
        batch.Ranks[3].PrefillTokens = 100;
        var identity = new InstanceIdentity("serving", 0, InstanceRole.Colocated, LayerFidelity: false);
        var topology = new RunTopology([new PoolTopology("serving", 1, 8, LinkProfile.None)]);
        var metrics = new ServingMetrics(SimTime.Zero, SimTime.MaxValue, 1000, 100, null);
        metrics.AddPool("serving", 1, 8);
        var fanout = new ServingObserverFanout(metrics, new TimeseriesWriter(TextWriter.Null, SimDuration.FromMilliseconds(10), topology));
        var cost = new StepCost { Duration = SimDuration.FromMilliseconds(3), ComputeBoundNs = 2e6, MemoryBoundNs = 1e6 };
        var now = SimTime.Zero;

        void Step()
        {
            var started = new StepRecord(identity, BatchCounts.Of(batch), cost, RankGroupGauges.Sample(ranks), now);
            fanout.OnStepStarted(started);
            now += cost.Duration;
            fanout.OnStep(started with { Gauges = RankGroupGauges.Sample(ranks) });
            fanout.OnIdle(identity, RankGroupGauges.Sample(ranks), now);
        }

        // Warm up past the first 10 ms bucket, so the first timeseries row (its one-time set-up: static formatting
        // state, first use of the row sink) is written before measuring; per-step allocation is what the test holds.
        for (var i = 0; i < 10; i++)
        {
            Step();
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            Step();
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(100, metrics.Pools["serving"].MeanBatchTokens, 6);
    }
}
