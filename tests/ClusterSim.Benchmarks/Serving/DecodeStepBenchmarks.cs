using BenchmarkDotNet.Attributes;
using ClusterSim.Engine;
using ClusterSim.Scheduling;
using ClusterSim.Scheduling.KvCache;
using ClusterSim.Serving;
using ClusterSim.Telemetry;

namespace ClusterSim.Benchmarks.Serving;

/// <summary>
/// The per-request work of a decode step outside pricing: one instance of 16 attention ranks (the scale scenario's
/// DP16) with 24 requests each, decode-first scheduling, KV growth, the step's shape, applying the tokens and reporting
/// them to the run's metrics. One operation = 384 preloaded requests decoded to their 256th token (257 steps), so the
/// time reported is per request-step once divided by <see cref="RequestSteps"/>; the step pricer is a stub that reads
/// the shapes and charges 20 ms.
/// </summary>
[MemoryDiagnoser]
public class DecodeStepBenchmarks
{
    private const int Ranks = 16;
    private const int RequestsPerRank = 24;
    private const int OutputTokens = 256;
    private const int RequestSteps = Ranks * RequestsPerRank * OutputTokens;

    private Simulation _simulation = null!;
    private ServingInstance _instance = null!;
    private long _nextId;

    [GlobalSetup]
    public void Build()
    {
        _simulation = new Simulation(1);
        var ranks = new AttentionRank[Ranks];
        for (var r = 0; r < Ranks; r++)
        {
            ranks[r] = new AttentionRank(r, new PagedKvCache(2_000, 64), maxRunning: 128, decodeOnly: false);
        }

        var metrics = new ServingMetrics(SimTime.Zero, SimTime.MaxValue, 3000, 100, null);
        var host = new Host(new ServingObserverFanout(metrics, new NoTokens(), new NoTokens()));
        _instance = new ServingInstance(0, "serving", InstanceRole.Colocated, ranks, new DecodeFirstPolicy(), new ShapePricer(), 2048, SpeculativeDecoding.None, _simulation, host);
    }

    /// <summary>Decodes 384 requests of 256 output tokens to the end; reported per request-step.</summary>
    [Benchmark(OperationsPerInvoke = RequestSteps)]
    public long DecodeToTheEnd()
    {
        for (var i = 0; i < Ranks * RequestsPerRank; i++)
        {
            var request = new RequestState(_nextId++, _simulation.Now, 1000 + (i * 7 % 900), OutputTokens, null);
            request.PreloadKv();
            _instance.Enqueue(request, i % Ranks);
        }

        while (_simulation.Step())
        {
        }

        return _instance.Steps;
    }

    private sealed class ShapePricer : IStepPricer
    {
        public void Price(StepBatch batch, ref StepCost cost)
        {
            long context = 0;
            foreach (var rank in batch.Ranks)
            {
                context += StepShapes.Of(rank, 0).Decode.KvTokens;
            }

            cost.Duration = SimDuration.FromMilliseconds(20) + SimDuration.FromNanoseconds(context & 1);
        }
    }

    private sealed class Host(IServingObserver observer) : IInstanceHost
    {
        public IServingObserver Observer => observer;

        public void OnPrefilled(ServingInstance instance, RequestState request) => throw new InvalidOperationException("no prefill instance here");

        public void OnRequestEnded(RequestState request) => observer.OnCompleted(request);
    }

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
