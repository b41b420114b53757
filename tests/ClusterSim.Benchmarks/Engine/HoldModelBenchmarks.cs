using BenchmarkDotNet.Attributes;
using ClusterSim.Engine;
using ClusterSim.Engine.Random;

namespace ClusterSim.Benchmarks.Engine;

/// <summary>
/// The classic hold model: N iterator processes, each waiting an exponential delay forever, so N events are
/// pending at all times. Target: at least 3 M events per second at 10,000 processes.
/// </summary>
[MemoryDiagnoser]
public class HoldModelBenchmarks
{
    private const int EventsPerInvoke = 1_000_000;
    private Simulation _sim = null!;

    [Params(1_000, 10_000)]
    public int Processes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _sim = new Simulation(2);
        var random = _sim.Random.Get("hold");
        for (var i = 0; i < Processes; i++)
        {
            _sim.Process(Hold(_sim, random));
        }

        RunEvents(EventsPerInvoke);
    }

    [Benchmark(OperationsPerInvoke = EventsPerInvoke)]
    public long HoldEvents() => RunEvents(EventsPerInvoke);

    private long RunEvents(long events)
    {
        // Each process fires once per simulated microsecond on average: N events per microsecond in total.
        var target = _sim.ProcessedEvents + events;
        while (_sim.ProcessedEvents < target)
        {
            var remaining = target - _sim.ProcessedEvents;
            _sim.Run(_sim.Now + SimDuration.FromNanoseconds(Math.Max(1, remaining * 1_000 / Processes / 2)));
        }

        return _sim.ProcessedEvents;
    }

    private static IEnumerable<Event> Hold(Simulation sim, RandomStream random)
    {
        while (true)
        {
            yield return sim.Delay(SimDuration.FromMicroseconds(random.Exponential(1.0)));
        }
    }
}
