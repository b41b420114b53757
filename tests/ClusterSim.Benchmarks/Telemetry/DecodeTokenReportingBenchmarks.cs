using BenchmarkDotNet.Attributes;
using ClusterSim.Engine;
using ClusterSim.Scheduling;
using ClusterSim.Serving;
using ClusterSim.Telemetry;

namespace ClusterSim.Benchmarks.Telemetry;

/// <summary>
/// What a decode step of one rank costs telemetry: 128 requests each produced a token after the same interval. One
/// operation = one rank-step, reported either one OnTokens call per request through the fan-out (as before) or as one
/// span (as ServingInstance now does); the metrics' inter-token sketch takes all 128 samples either way.
/// </summary>
[MemoryDiagnoser]
public class DecodeTokenReportingBenchmarks
{
    private const int Requests = 128;

    private readonly DecodeTokens[] _records = new DecodeTokens[Requests];
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
            var request = new RequestState(i, SimTime.Zero, 1000, 200, null) { LastToken = SimTime.FromSeconds(1) };
            _records[i] = new DecodeTokens(request, 1, SimDuration.FromMilliseconds(42));
        }
    }

    [Benchmark(Baseline = true)]
    public void OneCallPerRequest()
    {
        foreach (var r in _records)
        {
            _fanout.OnTokens(r.Request, r.Tokens, r.Interval);
        }
    }

    [Benchmark]
    public void OneCallPerStep() => _fanout.OnTokens(_records);

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

        public void OnTokens(ReadOnlySpan<DecodeTokens> produced)
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
