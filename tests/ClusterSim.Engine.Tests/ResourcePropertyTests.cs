using FsCheck.Xunit;

namespace ClusterSim.Engine.Tests;

public sealed class ResourcePropertyTests
{
    [Property(MaxTest = 100)]
    public bool A_resource_grants_units_in_arrival_order_and_never_above_capacity(byte[] arrivalGaps, byte[] serviceTimes, byte capacityByte)
    {
        var capacity = 1 + (capacityByte % 3);
        var sim = new Simulation();
        var res = new Resource(sim, capacity);
        var grantOrder = new List<int>();
        var overCapacity = false;
        IEnumerable<Event> Customer(int id, long arriveNs, long serviceNs)
        {
            yield return sim.Timeout(SimDuration.FromNanoseconds(arriveNs));
            var request = res.Request();
            yield return request;
            grantOrder.Add(id);
            overCapacity |= res.InUse > capacity;
            yield return sim.Timeout(SimDuration.FromNanoseconds(serviceNs));
            res.Release(request);
        }

        long at = 0;
        for (var i = 0; i < arrivalGaps.Length; i++)
        {
            // Strictly increasing arrival times, so arrival order is unambiguous.
            at += 1 + arrivalGaps[i];
            var service = serviceTimes.Length == 0 ? 5 : serviceTimes[i % serviceTimes.Length];
            sim.Process(Customer(i, at, service));
        }

        sim.Run();
        return !overCapacity
            && grantOrder.SequenceEqual(Enumerable.Range(0, arrivalGaps.Length))
            && res.InUse == 0 && res.Queued == 0;
    }

    [Property(MaxTest = 100)]
    public bool A_container_level_stays_within_zero_and_capacity_and_conserves_amounts(byte[] puts, byte[] gets)
    {
        var sim = new Simulation();
        var container = new Container(sim, capacity: 300);
        var ok = true;
        double putDone = 0, getDone = 0;
        IEnumerable<Event> Producer()
        {
            foreach (var p in puts)
            {
                yield return container.Put(p);
                putDone += p;
                ok &= container.Level is >= 0 and <= 300;
                yield return sim.Delay(SimDuration.FromNanoseconds(3));
            }
        }

        IEnumerable<Event> Consumer()
        {
            foreach (var g in gets)
            {
                yield return container.Get(g);
                getDone += g;
                ok &= container.Level is >= 0 and <= 300;
                yield return sim.Delay(SimDuration.FromNanoseconds(5));
            }
        }

        sim.Process(Producer());
        sim.Process(Consumer());
        sim.Run();
        // Whatever completed must balance: level = sum of completed puts - sum of completed gets.
        return ok && container.LevelHistory.Max <= 300 && container.LevelHistory.Min >= 0
            && container.Level == putDone - getDone;
    }
}
