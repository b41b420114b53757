using BenchmarkDotNet.Attributes;
using ClusterSim.Engine;
using ClusterSim.Engine.Random;

namespace ClusterSim.Benchmarks.Engine;

/// <summary>An M/M/3 queue at utilization 0.9 through <see cref="Resource"/>: one process per customer.</summary>
[MemoryDiagnoser]
public class MmcBenchmarks
{
    [Params(100_000)]
    public int Customers { get; set; }

    [Benchmark]
    public long RunCustomers()
    {
        var sim = new Simulation(3);
        var resource = new Resource(sim, 3);
        var arrivals = sim.Random.Get("arrivals");
        var service = sim.Random.Get("service");
        sim.Process(Source(sim, resource, arrivals, service, Customers));
        sim.Run();
        return sim.ProcessedEvents;
    }

    private static IEnumerable<Event> Source(Simulation sim, Resource resource, RandomStream arrivals, RandomStream service, int customers)
    {
        for (var i = 0; i < customers; i++)
        {
            sim.Process(Customer(sim, resource, service));
            yield return sim.Delay(SimDuration.FromSeconds(arrivals.Exponential(2.7)));
        }
    }

    private static IEnumerable<Event> Customer(Simulation sim, Resource resource, RandomStream service)
    {
        var request = resource.Request();
        yield return request;
        yield return sim.Delay(SimDuration.FromSeconds(service.Exponential(1.0)));
        resource.Release(request);
    }
}
