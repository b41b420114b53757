using ClusterSim.Regression;

namespace ClusterSim.Tests.Scheduling;

public sealed class RunComparisonTests
{
    private static SummaryMetrics Summary(double ttftP99, double throughput, long dropped) => SummaryMetrics.Parse(
        $$"""
        {
          "schema_version": 1,
          "requests": { "dropped": {{dropped}}, "preempted": 0 },
          "throughput": { "output_tokens_per_s": {{throughput}} },
          "latency_ms": { "ttft": { "p99": {{ttftP99}} } },
          "goodput_rps": null
        }
        """,
        "test");

    private static MetricDelta Row(RunComparison c, string metric) => c.Metrics.Single(m => m.Metric == metric);

    [Fact]
    public void Latency_up_beyond_the_tolerance_fails_and_within_it_passes()
    {
        var gates = new[] { new MetricGate("latency_ms.ttft.p99", 5) };

        // 100 -> 106 ms is +6 % > 5 %: fails; 100 -> 104 ms is +4 %: passes.
        var worse = RunComparison.Compare(Summary(100, 1000, 0), Summary(106, 1000, 0), gates);
        var within = RunComparison.Compare(Summary(100, 1000, 0), Summary(104, 1000, 0), gates);

        Assert.Equal(6, Row(worse, "latency_ms.ttft.p99").ChangePercent, precision: 9);
        Assert.False(worse.Passed);
        Assert.True(within.Passed);
    }

    [Fact]
    public void Direction_matters_latency_down_and_throughput_up_never_fail()
    {
        var gates = new[] { new MetricGate("latency_ms.ttft.p99", 0), new MetricGate("throughput.output_tokens_per_s", 0) };

        var better = RunComparison.Compare(Summary(100, 1000, 0), Summary(50, 2000, 0), gates);
        var slower = RunComparison.Compare(Summary(100, 1000, 0), Summary(100, 970, 0), gates);

        Assert.True(better.Passed);
        // Throughput 1000 -> 970 is -3 %: 3 % worse for a higher-is-better metric.
        Assert.Equal(3, Row(slower, "throughput.output_tokens_per_s").WorsePercent, precision: 9);
        Assert.False(slower.Passed);
    }

    [Fact]
    public void From_a_zero_baseline_any_worsening_is_infinite_and_fails()
    {
        var c = RunComparison.Compare(Summary(100, 1000, 0), Summary(100, 1000, 1), [new MetricGate("requests.dropped", 50)]);

        Assert.Equal(double.PositiveInfinity, Row(c, "requests.dropped").ChangePercent);
        Assert.False(c.Passed);
    }

    [Fact]
    public void A_metric_absent_from_both_passes_and_absent_from_one_fails()
    {
        var both = RunComparison.Compare(Summary(100, 1000, 0), Summary(100, 1000, 0), [new MetricGate("goodput_rps", 2)]);
        var one = RunComparison.Compare(
            Summary(100, 1000, 0),
            SummaryMetrics.Parse("""{ "schema_version": 1, "requests": {}, "throughput": {}, "latency_ms": { "ttft": {} } }""", "t"),
            [new MetricGate("latency_ms.ttft.p99", 5)]);

        Assert.True(both.Passed);
        Assert.False(one.Passed);
    }

    [Fact]
    public void A_latency_absent_from_the_candidate_fails_with_a_reason_not_a_percentage()
    {
        // Every request of the candidate was dropped: its percentiles are null in summary.json.
        var empty = SummaryMetrics.Parse(
            """{ "schema_version": 1, "requests": { "dropped": 0 }, "throughput": {}, "latency_ms": { "ttft": { "count": 0, "p99": null } } }""", "cand");
        var c = RunComparison.Compare(Summary(100, 1000, 0), empty, [new MetricGate("latency_ms.ttft.p99", 5)]);
        var row = Row(c, "latency_ms.ttft.p99");

        Assert.False(row.Passed);
        Assert.Equal("absent from the candidate (no request completed, or the run does not report it)", row.FailureReason);
        Assert.Null(Row(RunComparison.Compare(Summary(100, 1000, 0), Summary(100, 1000, 0), [new MetricGate("latency_ms.ttft.p99", 5)]), "latency_ms.ttft.p99").FailureReason);
        Assert.Equal("6% worse (tolerance 5%)", Row(RunComparison.Compare(Summary(100, 1000, 0), Summary(106, 1000, 0), [new MetricGate("latency_ms.ttft.p99", 5)]), "latency_ms.ttft.p99").FailureReason);
    }

    [Fact]
    public void A_summary_cut_short_is_bad_input_and_a_cancelled_one_is_marked_partial()
    {
        var e = Assert.Throws<RegressionInputException>(() => SummaryMetrics.Parse("""{ "schema_version": 1 }""", "cut.json"));
        Assert.Equal("cut.json: not a complete clustersim summary (no 'requests' object)", e.Message);
        var partial = SummaryMetrics.Parse("""{ "schema_version": 1, "partial": true, "requests": {}, "throughput": {}, "latency_ms": {} }""", "p");
        Assert.True(partial.Partial);
        Assert.False(Summary(100, 1000, 0).Partial);
    }

    [Fact]
    public void Tolerances_accept_aliases_replace_defaults_and_list_known_names_for_unknown_ones()
    {
        var gates = RunComparison.GatesFrom([("ttft_p99", 10), ("throughput_per_gpu", 3), ("queue_p90", 7)]);

        Assert.Contains(new MetricGate("latency_ms.ttft.p99", 10), gates);
        Assert.Contains(new MetricGate("throughput.output_tokens_per_s_per_gpu", 3), gates);
        Assert.Contains(new MetricGate("latency_ms.queue.p90", 7), gates);
        Assert.Contains(new MetricGate("latency_ms.tpot.p99", 5), gates);
        Assert.Equal(ComparedMetrics.DefaultGates.Count + 2, gates.Count);

        var e = Assert.Throws<RegressionInputException>(() => RunComparison.GatesFrom([("ttft_p95", 5)]));
        Assert.Contains("ttft_p95", e.Message, StringComparison.Ordinal);
        Assert.Contains("latency_ms.ttft.p99", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Request_comparison_lists_slowed_requests_most_slowed_first_and_newly_dropped_ones()
    {
        const string Header = "id,status,arrival_s,first_token_s,finish_s,input_tokens,output_tokens,cached_prompt_tokens,preemptions,instance,rank,prefill_instance,queue_ms,ttft_ms,tpot_ms,e2e_ms,drop_reason\n";
        var baseline = Header
            + "1,completed,0.1,0.2,1.1,100,10,0,0,0,0,-1,1,100,10,1000,\n"
            + "2,completed,0.2,0.3,1.2,100,10,0,0,0,0,-1,1,100,10,1000,\n"
            + "3,completed,0.3,0.4,1.3,100,10,0,0,0,0,-1,1,100,10,1000,\n"
            + "4,completed,0.4,0.5,1.4,100,10,0,0,0,0,-1,1,100,10,1000,\n";
        // 1 slower by 50 ms, 3 slower by 400 ms, 2 faster, 4 dropped (with a comma in its quoted reason).
        var candidate = Header
            + "3,completed,0.3,0.4,1.7,100,10,0,0,0,0,-1,1,300,10,1400,\n"
            + "1,completed,0.1,0.2,1.15,100,10,0,0,0,0,-1,1,120,10,1050,\n"
            + "2,completed,0.2,0.3,1.0,100,10,0,0,0,0,-1,1,90,10,800,\n"
            + "4,dropped,0.4,,9,100,0,0,0,0,0,-1,,,,8600,\"rejected at admission: rate limit (token bucket 1/s, burst 1)\"\n";

        var diff = RequestComparison.Compare(RequestsCsv.Read(new StringReader(baseline), "b"), RequestsCsv.Read(new StringReader(candidate), "c"));

        Assert.Equal([3L, 1L], diff.Slowed.Select(d => d.Id).ToArray());
        Assert.Equal(400, diff.Slowed[0].E2eDeltaMs, precision: 9);
        Assert.Equal(200, diff.Slowed[0].TtftDeltaMs, precision: 9);
        Assert.Equal(1, diff.Faster);
        Assert.Equal([4L], diff.NewlyDropped.Select(d => d.Id).ToArray());
        Assert.Equal("rejected at admission: rate limit (token bucket 1/s, burst 1)", diff.NewlyDropped[0].Candidate.DropReason);
        Assert.Equal(0, diff.ArrivalsDiffer);
    }
}
