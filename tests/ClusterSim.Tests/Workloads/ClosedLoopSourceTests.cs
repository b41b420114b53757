using ClusterSim.Engine;
using ClusterSim.Workloads;
using ClusterSim.Workloads.Synthetic;

namespace ClusterSim.Tests.Workloads;

/// <summary>
/// The closed loop against a hand calculation: a fake server that takes exactly T per request, whatever the load,
/// so N clients with think time Z send in rounds at k·(T + Z) and the throughput is N / (T + Z).
/// </summary>
public sealed class ClosedLoopSourceTests
{
    private static ClosedLoopWorkloadSpec Spec(int clients, long requests, SimDuration think = default) =>
        new(clients, requests, LengthDistributionSpec.Fixed(100), LengthDistributionSpec.Fixed(10)) { ThinkTime = think };

    [Theory]
    [InlineData(4, 12, 0, 6.0)]    // 3 rounds of 2 s: throughput 12 / 6 = 2 requests/s = N / T
    [InlineData(4, 10, 500, 7.0)]  // rounds at 0, 2.5, 5.0 s (the last of 2 requests), last end 7.0 s
    [InlineData(16, 5, 0, 2.0)]    // more clients than requests: one round
    public void Makespan_and_throughput_match_the_hand_calculation(int clients, long requests, int thinkMs, double makespanSeconds)
    {
        var service = SimDuration.FromSeconds(2);
        var run = Serve(ClosedLoopRequestSource.Create(Spec(clients, requests, SimDuration.FromMilliseconds(thinkMs)), seed: 1), service);

        Assert.Equal(requests, run.Arrivals.Count);
        Assert.Equal(Enumerable.Range(0, (int)requests).Select(i => (long)i), run.Arrivals.Select(a => a.Id));
        Assert.Equal(makespanSeconds, run.LastEnd.TotalSeconds, 9);
        Assert.True(run.MaxInFlight <= clients);
        if (thinkMs == 0 && requests % clients == 0)
        {
            Assert.Equal(clients / service.TotalSeconds, requests / run.LastEnd.TotalSeconds, 9);
        }
    }

    [Fact]
    public void Arrivals_are_nondecreasing_and_each_follows_an_end_by_the_think_time()
    {
        var think = SimDuration.FromMilliseconds(300);
        var run = Serve(ClosedLoopRequestSource.Create(Spec(3, 20, think), seed: 7), SimDuration.FromMilliseconds(1100));
        var ends = run.Ends.Select(e => e + think).ToHashSet();
        for (var i = 1; i < run.Arrivals.Count; i++)
        {
            Assert.True(run.Arrivals[i].Arrival >= run.Arrivals[i - 1].Arrival);
        }

        Assert.All(run.Arrivals.Skip(3), a => Assert.Contains(a.Arrival, ends));
        Assert.All(run.Arrivals.Take(3), a => Assert.Equal(SimTime.Zero, a.Arrival));
    }

    [Fact]
    public void Lengths_are_those_of_the_open_loop_streams_so_one_seed_gives_one_sequence()
    {
        var lengths = LengthDistributionSpec.UniformRatio(2048, 0.5);
        var closed = new ClosedLoopWorkloadSpec(8, 50, lengths, LengthDistributionSpec.Uniform(1, 1024));
        var a = Serve(ClosedLoopRequestSource.Create(closed, seed: 3), SimDuration.FromSeconds(1)).Arrivals;
        var b = Serve(ClosedLoopRequestSource.Create(closed, seed: 3), SimDuration.FromSeconds(1)).Arrivals;
        Assert.Equal(a, b);
        Assert.All(a, r => Assert.InRange(r.InputTokens, 1024, 2048));

        using var open = SyntheticRequestSource.Create(new SyntheticWorkloadSpec(new ArrivalProcessSpec(ArrivalProcessKind.Constant, 1), lengths, closed.OutputTokens, Requests: 50), seed: 3);
        var openLengths = new List<(int, int)>();
        while (open.TryNext(out var r))
        {
            openLengths.Add((r.InputTokens, r.OutputTokens));
        }

        Assert.Equal(openLengths, a.Select(r => (r.InputTokens, r.OutputTokens)));
    }

    [Fact]
    public void Bad_specs_name_their_key()
    {
        var errors = new ClosedLoopWorkloadSpec(0, 0, LengthDistributionSpec.UniformRatio(100, 1.5), LengthDistributionSpec.Fixed(1)) { ThinkTime = SimDuration.FromSeconds(-1) }.Validate();
        Assert.Equal(
            ["workload.concurrency", "workload.requests", "workload.think_time", "workload.input_tokens.ratio"],
            errors.Select(e => e.KeyPath));
    }

    /// <summary>Serves every request in exactly <paramref name="service"/>, ending them in time order as the cluster does.</summary>
    private static (List<RequestArrival> Arrivals, List<SimTime> Ends, SimTime LastEnd, int MaxInFlight) Serve(IClosedLoopSource source, SimDuration service)
    {
        using var disposable = source;
        var arrivals = new List<RequestArrival>();
        var ends = new List<SimTime>();
        var inFlight = new PriorityQueue<long, SimTime>();
        var maxInFlight = 0;
        var last = SimTime.Zero;
        while (true)
        {
            while (source.TryNext(out var request))
            {
                arrivals.Add(request);
                inFlight.Enqueue(request.Id, request.Arrival + service);
            }

            maxInFlight = Math.Max(maxInFlight, inFlight.Count);
            if (!inFlight.TryDequeue(out _, out var end))
            {
                break;
            }

            ends.Add(end);
            last = end;
            source.OnRequestEnded(end);
        }

        Assert.True(source.AllSent);
        return (arrivals, ends, last, maxInFlight);
    }
}
