using System.Diagnostics;
using ClusterSim.Engine;
using ClusterSim.Engine.Random;

namespace ClusterSim.Cli.Bench;

/// <summary>One measured engine workload: events fired, wall time, throughput and steady-state allocation.</summary>
/// <param name="Name">The workload, for example "hold model, 10,000 processes".</param>
/// <param name="Events">Events fired during the measured part.</param>
/// <param name="WallSeconds">Wall-clock seconds of the measured part.</param>
/// <param name="EventsPerSecond">Events divided by wall seconds.</param>
/// <param name="AllocatedBytesPerEvent">Bytes allocated on the running thread per event during the measured part.</param>
public sealed record BenchFigure(string Name, long Events, double WallSeconds, double EventsPerSecond, double AllocatedBytesPerEvent)
{
    /// <summary>CPU seconds the process used during the measured part (wall time misleads on a shared machine).</summary>
    public double CpuSeconds { get; init; }

    /// <summary>Events per CPU second: the figure to compare when other work competes for the cores.</summary>
    public double EventsPerCpuSecond => CpuSeconds > 0 ? Events / CpuSeconds : double.NaN;
}

/// <summary>
/// Quick engine throughput check behind <c>clustersim bench engine</c>: each workload runs about a second on one
/// core after a warm-up on the same simulation, so JIT and queue growth are excluded from the figures.
/// </summary>
public static class EngineBench
{
    /// <summary>Runs every workload; <paramref name="scale"/> multiplies the event counts.</summary>
    public static IReadOnlyList<BenchFigure> Run(int scale = 1, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(scale);
        return
        [
            Measure("callbacks, 1,000 pending", CallbackWorkload(1_000), 12_000_000L * scale, ct),
            Measure("hold model, 1,000 processes", HoldWorkload(1_000), 9_000_000L * scale, ct),
            Measure("hold model, 10,000 processes", HoldWorkload(10_000), 6_000_000L * scale, ct),
            Measure("M/M/3 through Resource (rho 0.9)", MmcWorkload(3, 0.9), 12_000_000L * scale, ct),
        ];
    }

    private static BenchFigure Measure(string name, Simulation sim, long events, CancellationToken ct)
    {
        // Warm up on the same simulation: JIT, pooled timeouts and queue arrays reach their working size.
        RunEvents(sim, Math.Max(events / 10, 10_000), ct);
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var firedBefore = sim.ProcessedEvents;
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        RunEvents(sim, events, ct);
        watch.Stop();
        process.Refresh();
        var cpuSeconds = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
        var fired = sim.ProcessedEvents - firedBefore;
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        var seconds = watch.Elapsed.TotalSeconds;
        return new BenchFigure(name, fired, seconds, fired / seconds, (double)allocated / fired) { CpuSeconds = cpuSeconds };
    }

    private static void RunEvents(Simulation sim, long events, CancellationToken ct)
    {
        // Run in time slices rather than with a per-event predicate, so the predicate's cost is not measured.
        var target = sim.ProcessedEvents + events;
        var slice = SimDuration.FromNanoseconds(1_000);
        while (sim.ProcessedEvents < target)
        {
            ct.ThrowIfCancellationRequested();
            var before = sim.ProcessedEvents;
            sim.Run(sim.Now + slice, ct);
            var perSlice = Math.Max(1, sim.ProcessedEvents - before);
            // Grow or shrink the slice so that each one is about a twentieth of the remaining work.
            var wanted = Math.Max(1, (target - sim.ProcessedEvents) / 20);
            slice = SimDuration.FromNanoseconds((long)Math.Clamp((double)slice.Nanoseconds * wanted / perSlice, 1, 1e12));
        }
    }

    private static Simulation CallbackWorkload(int pending)
    {
        var sim = new Simulation(1);
        var handler = new Rescheduler(sim.Random.Get("delays"));
        for (var i = 0; i < pending; i++)
        {
            sim.Schedule(SimDuration.FromNanoseconds(i), handler, i);
        }

        return sim;
    }

    /// <summary>Each event schedules its successor 1 to 1,024 ns later: a fixed population of pending events.</summary>
    private sealed class Rescheduler(RandomStream random) : IEventHandler
    {
        public void OnEvent(Simulation simulation, long arg) =>
            simulation.Schedule(SimDuration.FromNanoseconds(1 + (long)(random.NextUInt64() & 1023)), this, arg);
    }

    private static Simulation HoldWorkload(int processes)
    {
        var sim = new Simulation(2);
        var random = sim.Random.Get("hold");
        for (var i = 0; i < processes; i++)
        {
            sim.Process(Hold(sim, random));
        }

        return sim;
    }

    private static IEnumerable<Event> Hold(Simulation sim, RandomStream random)
    {
        while (true)
        {
            yield return sim.Delay(SimDuration.FromMicroseconds(random.Exponential(1.0)));
        }
    }

    private static Simulation MmcWorkload(int servers, double utilization)
    {
        var sim = new Simulation(3);
        var resource = new Resource(sim, servers);
        var arrivals = sim.Random.Get("arrivals");
        var service = sim.Random.Get("service");
        sim.Process(Source(sim, resource, arrivals, service, servers * utilization));
        return sim;
    }

    private static IEnumerable<Event> Source(Simulation sim, Resource resource, RandomStream arrivals, RandomStream service, double lambda)
    {
        while (true)
        {
            sim.Process(Customer(sim, resource, service));
            yield return sim.Delay(SimDuration.FromMicroseconds(arrivals.Exponential(lambda)));
        }
    }

    private static IEnumerable<Event> Customer(Simulation sim, Resource resource, RandomStream service)
    {
        var request = resource.Request();
        yield return request;
        yield return sim.Delay(SimDuration.FromMicroseconds(service.Exponential(1.0)));
        resource.Release(request);
    }
}
