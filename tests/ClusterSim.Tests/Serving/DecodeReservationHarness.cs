using ClusterSim.Engine;
using ClusterSim.Scheduling;
using ClusterSim.Scheduling.KvCache;
using ClusterSim.Serving;
using ClusterSim.Workloads;

namespace ClusterSim.Tests.Serving;

/// <summary>
/// A disaggregated cluster small enough to follow by hand: one prefill instance and one decode instance of one
/// attention rank each, every step of an instance lasting a fixed time whatever its batch, every KV transfer a fixed
/// time. The decode rank's KV cache is sized in blocks by the test.
/// </summary>
internal sealed class DecodeReservationHarness : IServingObserver
{
    public const int BlockTokens = 16;

    /// <summary>The prefill instance's max_batch_tokens: one 100-token prompt a step.</summary>
    public const int PrefillBatchTokens = 100;

    private readonly List<RequestArrival> _arrivals;

    public DecodeReservationHarness(
        int decodeBlocks,
        bool reservation,
        IEnumerable<RequestArrival> arrivals,
        SimDuration prefillStep,
        SimDuration decodeStep,
        SimDuration transfer,
        int decodeMaxRunning = 64,
        bool kvPreloaded = false,
        int decodeInstances = 1)
    {
        _arrivals = arrivals.ToList();
        Simulation = new Simulation(1);
        Cluster = new ServingCluster(Simulation, new ListSource(_arrivals), SimTime.MaxValue, this);
        var prefillRank = new AttentionRank(0, new PagedKvCache(100_000, BlockTokens), 64, decodeOnly: false);
        DecodeRanks = Enumerable.Range(0, decodeInstances)
            .Select(_ => new AttentionRank(0, new PagedKvCache(decodeBlocks, BlockTokens), decodeMaxRunning, decodeOnly: true))
            .ToList();
        DecodeRank = DecodeRanks[0];
        // A prefill step holds one 100-token prompt, so prompts are prefilled one after another.
        Prefill = Instance(InstanceRole.Prefill, prefillRank, prefillStep, PrefillBatchTokens);
        DecodeInstances = DecodeRanks.Select((rank, i) => Instance(InstanceRole.Decode, rank, decodeStep, 4096, i)).ToList();
        Decode = DecodeInstances[0];
        Cluster.Configure(
            new ServingPool("prefill", InstanceRole.Prefill, [Prefill], new LeastOutstandingTokensRouter(), 1),
            new ServingPool("decode", InstanceRole.Decode, DecodeInstances, new LeastOutstandingTokensRouter(), 1),
            new FixedTransfer(transfer));
        Cluster.DecodeReservation = reservation;
        Cluster.KvPreloaded = kvPreloaded;
    }

    public Simulation Simulation { get; }

    public ServingCluster Cluster { get; }

    public ServingInstance Prefill { get; }

    public ServingInstance Decode { get; }

    public AttentionRank DecodeRank { get; }

    /// <summary>Every decode instance (one unless asked for more) and its one rank.</summary>
    public List<ServingInstance> DecodeInstances { get; }

    public List<AttentionRank> DecodeRanks { get; }

    /// <summary>At <paramref name="atMs"/>, loses decode instance <paramref name="index"/> as a fault does: out of routing, its requests handed back to the pool.</summary>
    public void LoseDecodeInstanceAt(double atMs, int index) => Simulation.Schedule(SimDuration.FromMilliseconds(atMs), () =>
    {
        var pool = Cluster.Pools[1];
        pool.Remove(index);
        foreach (var request in pool.Instances[index].Fail())
        {
            pool.Admit(request);
        }
    });

    /// <summary>Every request that ended, in order.</summary>
    public List<RequestState> Ended { get; } = [];

    /// <summary>Most requests waiting in the decode rank's own queue at any step boundary.</summary>
    public int PeakDecodeQueue { get; private set; }

    /// <summary>Most requests the decode rank held at once: running, waiting in its queue, or holding a reservation.</summary>
    public int PeakDecodeAssigned { get; private set; }

    /// <summary>Most KV blocks the decode rank held at any step boundary (never above its capacity).</summary>
    public int PeakDecodeBlocks { get; private set; }

    public static RequestArrival Request(long id, double arrivalMs, int input, int output) =>
        new(id, SimTime.Zero + SimDuration.FromMilliseconds(arrivalMs), input, output, null);

    public DecodeReservationHarness Run(SimTime? until = null)
    {
        Cluster.Start();
        if (until is { } end)
        {
            Simulation.Run(end);
        }
        else
        {
            Simulation.Run();
        }

        return this;
    }

    public RequestState EndedRequest(long id) => Ended.Single(r => r.Id == id);

    public void OnArrival(RequestState request) => Sample();

    public void OnFirstToken(RequestState request) => Sample();

    public void OnTokens(RequestState request, int tokens, SimDuration interval) => Sample();

    public void OnCompleted(RequestState request)
    {
        Ended.Add(request);
        Sample();
    }

    public void OnStep(in StepRecord step) => Sample();

    public void OnPreempted(RequestState request) => Sample();

    private void Sample()
    {
        PeakDecodeQueue = Math.Max(PeakDecodeQueue, DecodeRank.Waiting.Count);
        PeakDecodeAssigned = Math.Max(PeakDecodeAssigned, DecodeRank.Waiting.Count + DecodeRank.Running.Count + DecodeRank.Reservations);
        PeakDecodeBlocks = Math.Max(PeakDecodeBlocks, DecodeRank.KvCache.UsedBlocks);
    }

    private ServingInstance Instance(InstanceRole role, AttentionRank rank, SimDuration step, int maxBatchTokens, int index = 0) => new(
        index, role == InstanceRole.Prefill ? "prefill" : "decode", role, [rank], new DecodeFirstPolicy(), new FixedStep(step),
        maxBatchTokens, new SpeculativeDecoding(0, 0), Simulation, Cluster);

    private sealed class FixedStep(SimDuration duration) : IStepPricer
    {
        public void Price(StepBatch batch, ref StepCost cost) => cost.Duration = duration;
    }

    private sealed class FixedTransfer(SimDuration duration) : IKvTransferPricer
    {
        public SimDuration Price(RequestState request, int prefillInstance, int decodeInstance) => duration;
    }

    private sealed class ListSource(List<RequestArrival> arrivals) : IRequestSource
    {
        private int _next;

        public bool TryNext(out RequestArrival request)
        {
            if (_next < arrivals.Count)
            {
                request = arrivals[_next++];
                return true;
            }

            request = default;
            return false;
        }

        public void Dispose()
        {
        }
    }
}
