using BenchmarkDotNet.Attributes;
using ClusterSim.Engine;
using ClusterSim.Scheduling;
using ClusterSim.Scheduling.KvCache;
using ClusterSim.Serving;
using ClusterSim.Telemetry;

namespace ClusterSim.Benchmarks.Serving;

/// <summary>
/// The per-request work of a decode step outside pricing: instances of 16 attention ranks (the scale scenario's DP16)
/// with 24 requests each, decode-first scheduling, KV growth, the step's shape, applying the tokens and reporting them
/// to the run's metrics. One operation = 384 preloaded requests per instance decoded to their 256th token; the time
/// reported is per request-step. The step pricer is a stub that reads the shapes and charges 20 ms. With one instance
/// every request stays in cache; with 64 (the scale scenario's count) the instances' steps interleave and each step
/// finds its requests evicted by the others', as in the scale run.
/// </summary>
[MemoryDiagnoser]
public class DecodeStepBenchmarks
{
    private const int Ranks = 16;
    private const int RequestsPerRank = 24;
    private const int OutputTokens = 256;
    private const int RequestSteps = Ranks * RequestsPerRank * OutputTokens;

    private Simulation _simulation = null!;
    private ServingInstance[] _instances = [];
    private long _nextId;

    [GlobalSetup(Target = nameof(OneInstance))]
    public void BuildOne() => Build(1);

    [GlobalSetup(Target = nameof(SixtyFourInstances))]
    public void BuildSixtyFour() => Build(64);

    /// <summary>One instance: its 384 requests stay in cache from step to step. Reported per request-step.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = RequestSteps)]
    public long OneInstance() => DecodeToTheEnd();

    /// <summary>64 instances interleaving their steps, as in the scale run. Reported per request-step.</summary>
    [Benchmark(OperationsPerInvoke = 64 * RequestSteps)]
    public long SixtyFourInstances() => DecodeToTheEnd();

    private void Build(int instances)
    {
        _simulation = new Simulation(1);
        var metrics = new ServingMetrics(SimTime.Zero, SimTime.MaxValue, 3000, 100, null);
        var host = new Host(new ServingObserverFanout(metrics, new NoTokens(), new NoTokens()));
        _instances = new ServingInstance[instances];
        for (var i = 0; i < instances; i++)
        {
            var ranks = new AttentionRank[Ranks];
            for (var r = 0; r < Ranks; r++)
            {
                ranks[r] = new AttentionRank(r, new PagedKvCache(2_000, 64), maxRunning: 128, decodeOnly: false);
            }

            _instances[i] = new ServingInstance(i, "serving", InstanceRole.Colocated, ranks, new DecodeFirstPolicy(), new ShapePricer(), 2048, SpeculativeDecoding.None, _simulation, host);
        }
    }

    // Decodes 384 requests of 256 output tokens to the end on every instance.
    private long DecodeToTheEnd()
    {
        // Requests join in a shuffled order, as arrivals spread over ranks would leave them in memory.
        for (var i = 0; i < Ranks * RequestsPerRank * _instances.Length; i++)
        {
            var request = new RequestState(_nextId++, _simulation.Now, 1000 + (i * 7 % 900), OutputTokens, null);
            request.PreloadKv();
            var slot = (int)((i * 2_654_435_761L) % (Ranks * _instances.Length));
            _instances[slot / Ranks].Enqueue(request, slot % Ranks);
        }

        while (_simulation.Step())
        {
        }

        return _simulation.ProcessedEvents;
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
