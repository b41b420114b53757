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
