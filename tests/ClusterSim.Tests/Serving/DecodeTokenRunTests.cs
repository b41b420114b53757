using ClusterSim.Engine;
using ClusterSim.Scheduling;
using ClusterSim.Scheduling.KvCache;
using ClusterSim.Serving;

namespace ClusterSim.Tests.Serving;

/// <summary>
/// An instance reports a step's decode tokens as runs of alike requests; an observer that takes them one request at a
/// time (the interface's default) must see each request's records as if reported one by one: every interval measured
/// from the request's own last token (so they add up to its first-to-last-token time) and every token counted once.
/// </summary>
public sealed class DecodeTokenRunTests
{
    [Theory]
    [InlineData(0, 0.0)]
    [InlineData(2, 0.6)]
    public void Each_requests_intervals_add_up_to_its_decode_time_and_its_tokens_to_its_output(int draftTokens, double acceptance)
    {
        var simulation = new Simulation(3);
        var observer = new PerRequest(simulation);
        // 30 blocks of 16 tokens hold three or four prompts of about 100 tokens and some growth: growth preempts, and a request resumed after
        // its recompute decodes next to requests that kept going, after a longer interval than theirs.
        var rank = new AttentionRank(0, new PagedKvCache(30, 16), maxRunning: 8, decodeOnly: false);
        var budget = 64;
        var instance = new ServingInstance(0, "serving", InstanceRole.Colocated, [rank], new DecodeFirstPolicy(), new FixedPricer(), budget, new SpeculativeDecoding(draftTokens, acceptance), simulation, new Host(observer));
        var requests = new List<RequestState>();
        for (var i = 0; i < 7; i++)
        {
            var request = new RequestState(i, SimTime.Zero, 100 + i, 30 + (20 * i), null);
            request.PreloadKv();
            requests.Add(request);
            simulation.Schedule(SimDuration.FromMilliseconds(7 * i), () => instance.Enqueue(request, 0));
        }

        simulation.Run();

        Assert.All(requests, r => Assert.Equal(RequestPhase.Finished, r.Phase));
        foreach (var r in requests)
        {
            Assert.Equal(r.Finished - r.FirstToken, observer.Intervals.GetValueOrDefault(r.Id));
            Assert.Equal(r.GeneratedTokens - 1, observer.Tokens.GetValueOrDefault(r.Id));
        }

        Assert.True(rank.Preemptions > 0 && observer.MixedSteps > 0, $"the test is meant to preempt and so mix intervals within a step {rank.Preemptions} {observer.MixedSteps}");
    }

    private sealed class PerRequest(Simulation simulation) : IServingObserver
    {
        private SimTime _step = SimTime.MaxValue;
        private SimDuration _stepInterval;
        private bool _mixed;

        public Dictionary<long, SimDuration> Intervals { get; } = [];

        public Dictionary<long, long> Tokens { get; } = [];

        /// <summary>Steps whose records carried more than one interval.</summary>
        public int MixedSteps { get; private set; }

        public void OnArrival(RequestState request)
        {
        }

        public void OnFirstToken(RequestState request)
        {
        }

        public void OnTokens(RequestState request, int tokens, SimDuration interval)
        {
            // Delivered before the request's last-token time moves: the interval ends now.
            Assert.Equal(simulation.Now, request.LastToken + interval);
            Intervals[request.Id] = Intervals.GetValueOrDefault(request.Id) + interval;
            Tokens[request.Id] = Tokens.GetValueOrDefault(request.Id) + tokens;
            if (simulation.Now != _step)
            {
                (_step, _stepInterval, _mixed) = (simulation.Now, interval, false);
            }
            else if (interval != _stepInterval && !_mixed)
            {
                _mixed = true;
                MixedSteps++;
            }
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

    private sealed class FixedPricer : IStepPricer
    {
        public void Price(StepBatch batch, ref StepCost cost) => cost.Duration = SimDuration.FromMilliseconds(20);
    }

    private sealed class Host(IServingObserver observer) : IInstanceHost
    {
        public IServingObserver Observer => observer;

        public void OnPrefilled(ServingInstance instance, RequestState request) => throw new InvalidOperationException("colocated");

        public void OnRequestEnded(RequestState request) => observer.OnCompleted(request);
    }
}
