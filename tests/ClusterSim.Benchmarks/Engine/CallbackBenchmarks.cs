using BenchmarkDotNet.Attributes;
using ClusterSim.Engine;
using ClusterSim.Engine.Random;

namespace ClusterSim.Benchmarks.Engine;

/// <summary>
/// The hot-path style: one handler object, 1,000 pending callbacks, each firing schedules its successor.
/// Target: at least 10 M events per second on one core and zero bytes allocated per event.
/// </summary>
[MemoryDiagnoser]
public class CallbackBenchmarks
{
    private const int EventsPerInvoke = 1_000_000;
    private Simulation _sim = null!;

    [Params(1_000)]
    public int Pending { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _sim = new Simulation(1);
        var handler = new Rescheduler(_sim.Random.Get("delays"));
        for (var i = 0; i < Pending; i++)
        {
            _sim.Schedule(SimDuration.FromNanoseconds(i), handler, i);
        }

        // Grow the queue and JIT the loop before measuring.
        RunEvents(EventsPerInvoke);
    }

    [Benchmark(OperationsPerInvoke = EventsPerInvoke)]
    public long FireCallbacks() => RunEvents(EventsPerInvoke);

    private long RunEvents(long events)
    {
        // Delays average 512 ns over 1,000 pending events: about 2 events per simulated nanosecond.
        var target = _sim.ProcessedEvents + events;
        while (_sim.ProcessedEvents < target)
        {
            _sim.Run(_sim.Now + SimDuration.FromNanoseconds(Math.Max(1, (target - _sim.ProcessedEvents) / 2)));
        }

        return _sim.ProcessedEvents;
    }

    private sealed class Rescheduler(RandomStream random) : IEventHandler
    {
        public void OnEvent(Simulation simulation, long arg) =>
            simulation.Schedule(SimDuration.FromNanoseconds(1 + (long)(random.NextUInt64() & 1023)), this, arg);
    }
}
