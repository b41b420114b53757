using ClusterSim.Engine;
using ClusterSim.Scheduling;
using ClusterSim.Serving;
using ClusterSim.Telemetry;

namespace ClusterSim.Tests.Telemetry;

public sealed class ServingObserverFanoutTests
{
    private sealed class Recorder(string name, List<string> calls) : IServingObserver
    {
        public void OnArrival(RequestState request) => calls.Add($"{name}.arrival {request.Id}");

        public void OnFirstToken(RequestState request) => calls.Add($"{name}.first {request.Id}");

        public void OnTokens(RequestState request, int tokens, SimDuration interval) => calls.Add($"{name}.tokens {tokens}");

        public void OnCompleted(RequestState request) => calls.Add($"{name}.completed {request.Id}");

        public void OnStep(in StepRecord step) => calls.Add($"{name}.step");

        public void OnPreempted(RequestState request) => calls.Add($"{name}.preempted {request.Id}");
    }

    [Fact]
    public void Every_record_reaches_every_observer_in_the_order_they_were_added()
    {
        var calls = new List<string>();
        var fanout = new ServingObserverFanout(new Recorder("metrics", calls));
        fanout.Add(new Recorder("timeseries", calls));
        var request = new RequestState(3, SimTime.Zero, 10, 5, null);

        fanout.OnArrival(request);
        fanout.OnTokens(request, 2, SimDuration.FromMilliseconds(1));
        fanout.OnPreempted(request);
        fanout.OnCompleted(request);
        // Observers that do not implement the optional members still take the calls (default: nothing).
        ((IServingObserver)fanout).OnIdle(null!, default, SimTime.Zero);

        Assert.Equal(
            ["metrics.arrival 3", "timeseries.arrival 3", "metrics.tokens 2", "timeseries.tokens 2", "metrics.preempted 3", "timeseries.preempted 3", "metrics.completed 3", "timeseries.completed 3"],
            calls);
        Assert.Equal(2, fanout.Observers.Count);
    }

    [Fact]
    public void A_run_of_token_records_reaches_each_observer_whole_and_in_order_as_single_records_by_default()
    {
        var calls = new List<string>();
        var fanout = new ServingObserverFanout(new Recorder("metrics", calls));
        fanout.Add(new Recorder("timeseries", calls));
        var a = new RequestState(1, SimTime.Zero, 10, 5, null);
        var b = new RequestState(2, SimTime.Zero, 10, 5, null);

        fanout.OnTokens([a, b], 3, SimDuration.FromMilliseconds(2));

        // Recorder implements only the per-request member: the default splits the run into its records, in order.
        Assert.Equal(["metrics.tokens 3", "metrics.tokens 3", "timeseries.tokens 3", "timeseries.tokens 3"], calls);
    }

    [Fact]
    public void Metrics_count_a_run_of_records_as_the_same_records_one_by_one()
    {
        // Window [1 s, 10 s): requests 1 and 3 arrived inside it, request 2 before it (its tokens count towards
        // throughput, its inter-token latency does not).
        var one = new ServingMetrics(SimTime.FromSeconds(1), SimTime.FromSeconds(10), 1000, 100, null);
        var run = new ServingMetrics(SimTime.FromSeconds(1), SimTime.FromSeconds(10), 1000, 100, null);
        RequestState[] requests =
        [
            new(1, SimTime.FromSeconds(2), 10, 50, null) { LastToken = SimTime.FromSeconds(3) },
            new(2, SimTime.FromSeconds(0.5), 10, 50, null) { LastToken = SimTime.FromSeconds(3) },
            new(3, SimTime.FromSeconds(2.5), 10, 50, null) { LastToken = SimTime.FromSeconds(3) },
        ];

        // 0.1 ms a token, added step after step: a sum that rounds differently if the samples were multiplied out.
        var interval = SimDuration.FromNanoseconds(200_000);
        for (var step = 0; step < 20; step++)
        {
            foreach (var r in requests)
            {
                one.OnTokens(r, 2, interval);
            }

            run.OnTokens(requests, 2, interval);
        }

        // 20 steps of 3 requests of 2 tokens in the window; ITL 0.1 ms, twice per token of requests 1 and 3.
        Assert.Equal(120, run.WindowOutputTokens);
        Assert.Equal(80, run.Itl.Count);
        Assert.Equal(0.1, run.Itl.Mean, 12);
        Assert.Equal(BitConverter.DoubleToInt64Bits(one.Itl.Sum), BitConverter.DoubleToInt64Bits(run.Itl.Sum));
        Assert.Equal(one.Itl.Quantile(0.99), run.Itl.Quantile(0.99));
        Assert.Equal(one.WindowOutputTokens, run.WindowOutputTokens);

        // Produced after the window closed: no throughput, but the arrivals still measure the latency.
        var late = SimDuration.FromSeconds(20);
        one.OnTokens(requests[0], 1, late);
        one.OnTokens(requests[1], 1, late);
        run.OnTokens(requests.AsSpan(0, 2), 1, late);
        Assert.Equal(one.WindowOutputTokens, run.WindowOutputTokens);
        Assert.Equal(one.Itl.Count, run.Itl.Count);
        Assert.Equal(one.Itl.Max, run.Itl.Max);
    }

    [Fact]
    public void TelemetryOutputs_attach_only_the_outputs_that_have_a_writer()
    {
        var topology = new RunTopology([new PoolTopology("serving", 1, 8, LinkProfile.None)]);
        using var timeseries = new StringWriter();
        using var outputs = new TelemetryOutputs(null, timeseries, SimDuration.FromMilliseconds(10), null, TraceOutputOptions.Default);

        var observers = outputs.Attach(topology);

        Assert.IsType<TimeseriesWriter>(Assert.Single(observers));
        Assert.Null(outputs.Trace);
        Assert.Throws<InvalidOperationException>(() => outputs.Attach(topology));
    }
}
