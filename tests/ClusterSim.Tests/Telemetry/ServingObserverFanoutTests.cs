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
    public void A_step_of_token_records_reaches_each_observer_whole_and_in_order_as_single_records_by_default()
    {
        var calls = new List<string>();
        var fanout = new ServingObserverFanout(new Recorder("metrics", calls));
        fanout.Add(new Recorder("timeseries", calls));
        var a = new RequestState(1, SimTime.Zero, 10, 5, null);
        var b = new RequestState(2, SimTime.Zero, 10, 5, null);

        fanout.OnTokens([new DecodeTokens(a, 1, SimDuration.FromMilliseconds(1)), new DecodeTokens(b, 3, SimDuration.FromMilliseconds(2))]);

        // Recorder implements only the per-request member: the default splits the step into its records, in order.
        Assert.Equal(["metrics.tokens 1", "metrics.tokens 3", "timeseries.tokens 1", "timeseries.tokens 3"], calls);
    }

    [Fact]
    public void Metrics_count_a_step_of_records_as_the_same_records_one_by_one()
    {
        var one = new ServingMetrics(SimTime.Zero, SimTime.FromSeconds(10), 1000, 100, null);
        var step = new ServingMetrics(SimTime.Zero, SimTime.FromSeconds(10), 1000, 100, null);
        var a = new RequestState(1, SimTime.Zero, 10, 5, null) { LastToken = SimTime.FromSeconds(1) };
        var b = new RequestState(2, SimTime.Zero, 10, 5, null) { LastToken = SimTime.FromSeconds(1) };
        DecodeTokens[] records = [new(a, 1, SimDuration.FromMilliseconds(30)), new(b, 2, SimDuration.FromMilliseconds(30))];

        foreach (var r in records)
        {
            one.OnTokens(r.Request, r.Tokens, r.Interval);
        }

        step.OnTokens(records);

        // 3 tokens in the window; ITL samples 30 ms (once) and 15 ms (twice): mean (30 + 2 * 15) / 3 = 20 ms.
        Assert.Equal(3, step.WindowOutputTokens);
        Assert.Equal(3, step.Itl.Count);
        Assert.Equal(20.0, step.Itl.Mean, 9);
        Assert.Equal(one.Itl.Sum, step.Itl.Sum);
        Assert.Equal(one.WindowOutputTokens, step.WindowOutputTokens);
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
