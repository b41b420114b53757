using ClusterSim.Engine;
using ClusterSim.Engine.Monitoring;
using ClusterSim.Scheduling;
using ClusterSim.Serving;

namespace ClusterSim.Tests.Serving;

public sealed class LittlesLawTests
{
    [Fact]
    public void Time_average_requests_in_system_equals_arrival_rate_times_mean_time_in_system()
    {
        var scenario = TestScenarios.Parse(TestScenarios.DeepSeekSmall(ratePerSecond: 10, duration: "60 s"));
        var counter = new InSystemCounter();
        using var source = ClusterSim.Workloads.RequestSources.Open(scenario.Workload, scenario.Seed);
        var built = ClusterSim.Runs.BuiltCluster.Build(scenario.Plan(), counter, source);
        built.Cluster.Start();
        built.Simulation.Run();
        var end = built.Simulation.Now;

        // L: the number in system, integrated over time from arrival and completion events as they happen.
        var l = counter.Level.Mean(end);
        // λ·W from the requests' own timestamps.
        var lambda = counter.Arrivals / end.TotalSeconds;
        var w = counter.TotalSecondsInSystem / counter.Completions;
        Assert.Equal(counter.Arrivals, counter.Completions);
        Assert.True(l > 1, $"the system should hold several requests on average, held {l}");
        Assert.Equal(lambda * w, l, l * 0.01);
    }

    private sealed class InSystemCounter : IServingObserver
    {
        public TimeWeightedLevel Level { get; } = new(SimTime.Zero);

        public long Arrivals { get; private set; }

        public long Completions { get; private set; }

        public double TotalSecondsInSystem { get; private set; }

        public void OnArrival(RequestState request)
        {
            Arrivals++;
            Level.Add(request.Arrival, 1);
        }

        public void OnCompleted(RequestState request)
        {
            Completions++;
            TotalSecondsInSystem += (request.Finished - request.Arrival).TotalSeconds;
            Level.Add(request.Finished, -1);
        }

        public void OnFirstToken(RequestState request)
        {
        }

        public void OnTokens(RequestState request, int tokens, SimDuration interval)
        {
        }

        public void OnStep(in StepRecord step)
        {
        }

        public void OnPreempted(RequestState request)
        {
        }
    }
}
