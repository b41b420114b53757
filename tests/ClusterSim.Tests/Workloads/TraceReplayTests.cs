using ClusterSim.Engine;
using ClusterSim.Workloads;
using ClusterSim.Workloads.Traces;

namespace ClusterSim.Tests.Workloads;

public sealed class TraceReplayTests
{
    private static readonly string AzureCode = WorkloadTestFiles.Sample("azure-code-2023-sample.csv");

    private static List<RequestArrival> Replay(TraceWorkloadSpec spec) => WorkloadTestFiles.ReadAll(TraceRequestSource.Open(spec));

    [Fact]
    public void Time_scale_multiplies_every_arrival()
    {
        var plain = Replay(new TraceWorkloadSpec(AzureCode, TraceFormat.Azure));
        var slow = Replay(new TraceWorkloadSpec(AzureCode, TraceFormat.Azure) { TimeScale = 2.5 });

        Assert.Equal(plain.Count, slow.Count);
        for (var i = 0; i < plain.Count; i++)
        {
            Assert.Equal((long)Math.Round(plain[i].Arrival.Nanoseconds * 2.5, MidpointRounding.AwayFromZero), slow[i].Arrival.Nanoseconds);
            Assert.Equal(plain[i].InputTokens, slow[i].InputTokens);
        }
    }

    [Fact]
    public void Rate_per_s_rescales_so_the_mean_gap_is_one_over_the_rate()
    {
        using var source = TraceRequestSource.Open(new TraceWorkloadSpec(AzureCode, TraceFormat.Azure) { RatePerSecond = 10 });
        var requests = new List<RequestArrival>();
        while (source.TryNext(out var r))
        {
            requests.Add(r);
        }

        // 300 rows, 299 gaps at a mean of 0.1 s: the last arrival lands at 29.9 s (within rounding).
        Assert.Equal(300, requests.Count);
        Assert.InRange(requests[^1].Arrival.TotalSeconds, 29.9 - 1e-6, 29.9 + 1e-6);

        // The sample runs at about 2.57 req/s, so the gaps shrink by about 2.57 / 10.
        Assert.InRange(source.TimeScale, 0.2, 0.32);
        Assert.Equal(source.TimeScale, source.Summary.TimeScale);
    }

    [Fact]
    public void Rate_per_s_with_a_request_limit_measures_only_the_replayed_rows()
    {
        var requests = Replay(new TraceWorkloadSpec(AzureCode, TraceFormat.Azure) { RatePerSecond = 1, Requests = 51 });

        // 51 rows, 50 gaps at 1 s each on average: last arrival at 50 s.
        Assert.Equal(51, requests.Count);
        Assert.InRange(requests[^1].Arrival.TotalSeconds, 50 - 1e-6, 50 + 1e-6);
    }

    [Fact]
    public void Request_limit_stops_after_that_many()
    {
        Assert.Equal(17, Replay(new TraceWorkloadSpec(AzureCode, TraceFormat.Azure) { Requests = 17 }).Count);
    }

    [Fact]
    public void Duration_limit_stops_at_the_first_arrival_at_or_after_it()
    {
        var all = Replay(new TraceWorkloadSpec(AzureCode, TraceFormat.Azure));
        var limit = SimDuration.FromSeconds(30);
        var expected = all.Count(r => r.Arrival < new SimTime(limit.Nanoseconds));

        var cut = Replay(new TraceWorkloadSpec(AzureCode, TraceFormat.Azure) { Duration = limit });

        Assert.Equal(expected, cut.Count);
        Assert.True(cut.Count is > 10 and < 300);
    }

    [Fact]
    public void Duration_limit_applies_after_time_scaling()
    {
        // Halving the gaps fits twice the trace time into the same simulated window.
        var limit = SimDuration.FromSeconds(30);
        var plain = Replay(new TraceWorkloadSpec(AzureCode, TraceFormat.Azure) { Duration = limit }).Count;
        var fast = Replay(new TraceWorkloadSpec(AzureCode, TraceFormat.Azure) { Duration = limit, TimeScale = 0.5 }).Count;
        var expected = Replay(new TraceWorkloadSpec(AzureCode, TraceFormat.Azure) { Duration = SimDuration.FromSeconds(60) }).Count;
        Assert.True(fast > plain);
        Assert.InRange(fast, expected - 1, expected + 1);
    }

    [Fact]
    public void A_relative_path_resolves_against_the_base_directory_and_messages_keep_it()
    {
        using var source = TraceRequestSource.Open(new TraceWorkloadSpec("mooncake-sample.jsonl", TraceFormat.Mooncake), WorkloadTestFiles.SamplesDirectory);
        Assert.True(source.TryNext(out _));
    }
}
