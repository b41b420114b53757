using BenchmarkDotNet.Attributes;
using ClusterSim.Engine;
using ClusterSim.Scheduling;
using ClusterSim.Serving;
using ClusterSim.Telemetry;

namespace ClusterSim.Benchmarks.Telemetry;

/// <summary>
/// What a decode step of one rank costs telemetry: 128 requests each produced a token after the same interval. One
/// operation = one rank-step, reported either one OnTokens call per request through the fan-out or as one run of alike
/// requests (as ServingInstance does); the metrics' inter-token sketch takes all 128 samples either way.
/// </summary>
[MemoryDiagnoser]
public class DecodeTokenReportingBenchmarks
{
    private const int Requests = 128;

    private static readonly SimDuration Interval = SimDuration.FromMilliseconds(42);
    private readonly RequestState[] _requests = new RequestState[Requests];
    private ServingObserverFanout _fanout = null!;

    [GlobalSetup]
    public void Build()
    {
        // Metrics plus two observers that ignore tokens, like a default run (metrics, event logger, cluster events).
        _fanout = new ServingObserverFanout(new ServingMetrics(SimTime.Zero, SimTime.MaxValue, 1000, 100, null));
        _fanout.Add(new NoTokens());
        _fanout.Add(new NoTokens());
        for (var i = 0; i < Requests; i++)
        {
            _requests[i] = new RequestState(i, SimTime.Zero, 1000, 200, null) { LastToken = SimTime.FromSeconds(1) };
        }
    }

    [Benchmark(Baseline = true)]
    public void OneCallPerRequest()
    {
        foreach (var r in _requests)
        {
            _fanout.OnTokens(r, 1, Interval);
        }
    }

    [Benchmark]
    public void OneCallPerRun() => _fanout.OnTokens(_requests, 1, Interval);

    private sealed class NoTokens : IServingObserver
    {
        public void OnArrival(RequestState request)
        {
        }

        public void OnFirstToken(RequestState request)
        {
        }

        public void OnTokens(RequestState request, int tokens, SimDuration interval)
        {
        }

        public void OnTokens(ReadOnlySpan<RequestState> requests, int tokens, SimDuration interval)
        {
        }

        public void OnCompleted(RequestState request)
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
