using System.Runtime.InteropServices;
using ClusterSim.Engine;
using ClusterSim.Engine.Random;
using ClusterSim.Scheduling;

namespace ClusterSim.Serving;

/// <summary>
/// One serving instance (an engine replica): attention DP ranks sharing one expert-parallel group. Runs the
/// iteration-level loop: form a step from every rank, price it, advance time by its duration, apply its results.
/// </summary>
public sealed partial class ServingInstance : IEventHandler
{
    private readonly Simulation _simulation;
    private readonly IBatchPolicy _policy;
    private readonly IStepPricer _pricer;
    private readonly IInstanceHost _host;
    private readonly StepBatch _batch;
    private readonly BatchLimits _limits;
    private readonly SpeculativeDecoding _speculation;
    private readonly RandomStream _acceptance;
    private readonly LayerStepRunner? _layerRunner;
    private readonly IStagePlanner? _stagePlanner;
    private readonly StagePlan? _stagePlan;
    private readonly long[] _rankLoads;

    // The ranks as an array: the step loops index them directly rather than through IReadOnlyList's interface calls.
    private readonly AttentionRank[] _ranks;
    private StepCost _cost;
    private BatchCounts _counts;
    private SimTime _stepStart;

    /// <summary>Creates an instance; it idles until a request is enqueued.</summary>
    public ServingInstance(
        int index,
        string pool,
        InstanceRole role,
        IReadOnlyList<AttentionRank> ranks,
        IBatchPolicy policy,
        IStepPricer pricer,
        int maxBatchTokens,
        SpeculativeDecoding speculation,
        Simulation simulation,
        IInstanceHost host,
        bool layerFidelity = false)
    {
        Index = index;
        Pool = pool;
        Role = role;
        _ranks = [.. ranks];
        Ranks = _ranks;
        _rankLoads = SharedRankLoads.Share(ranks);
        _policy = policy;
        _pricer = pricer;
        _simulation = simulation;
        _host = host;
        _speculation = speculation;
        _limits = new BatchLimits(maxBatchTokens, speculation.TokensPerStep);
        _batch = new StepBatch(ranks.Count);
        _acceptance = simulation.Random.Get($"{pool}.{index}.speculation");
        Identity = new InstanceIdentity(pool, index, role, layerFidelity);
        if (layerFidelity)
        {
            _stagePlanner = pricer as IStagePlanner
                ?? throw new ArgumentException("layer fidelity needs a step pricer that plans stages", nameof(pricer));
            _stagePlan = new StagePlan();
            _layerRunner = new LayerStepRunner(simulation, CompleteStep, this, host);
        }
    }

    /// <summary>True when steps run stage by stage (layer fidelity): the step's length is known only when it ends.</summary>
    public bool LayerFidelity => _layerRunner is not null;

    /// <summary>Stage events run at layer fidelity (0 at step fidelity).</summary>
    public long StagesRun => _layerRunner?.StagesRun ?? 0;

    /// <summary>Who the instance is, for the records observers receive.</summary>
    public InstanceIdentity Identity { get; }

    /// <summary>Index of the instance in the cluster.</summary>
    public int Index { get; }

    /// <summary>Name of the pool it belongs to (serving, prefill, decode).</summary>
    public string Pool { get; }

    /// <summary>Its role in the deployment.</summary>
    public InstanceRole Role { get; }

    /// <summary>Attention data-parallel ranks.</summary>
    public IReadOnlyList<AttentionRank> Ranks { get; }

    /// <summary>The ranks' outstanding tokens, in rank order, in one array (what a least-tokens router scans).</summary>
    public ReadOnlySpan<long> RankLoads => _rankLoads;

    /// <summary>The step pricer (faults adjust it).</summary>
    public IStepPricer Pricer => _pricer;

    /// <summary>True once the instance was lost; it takes no more work.</summary>
    public bool Failed { get; private set; }

    /// <summary>True while a step is in flight.</summary>
    public bool Busy { get; private set; }

    /// <summary>Steps completed.</summary>
    public long Steps { get; private set; }

    /// <summary>Simulated nanoseconds spent in steps (for utilisation).</summary>
    public long BusyNanoseconds { get; private set; }

    /// <summary>Requests waiting or running on all ranks.</summary>
    public int Outstanding
    {
        get
        {
            var n = 0;
            foreach (var rank in Ranks)
            {
                n += rank.Waiting.Count + rank.Running.Count;
            }

            return n;
        }
    }

    /// <summary>Requests waiting for admission on all ranks.</summary>
    public int Queued
    {
        get
        {
            var n = 0;
            foreach (var rank in Ranks)
            {
                n += rank.Waiting.Count;
            }

            return n;
        }
    }

    /// <summary>Hands a request to a rank of this instance and starts a step if the instance was idle.</summary>
    public void Enqueue(RequestState request, int rank)
    {
        request.Route(Index, rank);
        var target = Ranks[rank];
        target.Waiting.Enqueue(request);
        // Load is the work still to do here: prompt tokens not yet in a KV cache (none for a request arriving at a
        // decode instance with its KV cache) plus output tokens to generate.
        target.OutstandingTokens += request.PromptTokens - request.PrefilledTokens + request.RemainingOutputTokens;
        if (!Busy)
        {
            TryStartStep();
        }
    }

    /// <summary>
    /// Admits a request into the KV slot reserved for it on <paramref name="rank"/> (decode back-pressure): it arrived
    /// prefilled (or preloaded) and decodes from the next step, without waiting in the rank's queue.
    /// </summary>
    public void AdmitReserved(RequestState request, int rank, int slot)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Route(Index, rank);
        var target = Ranks[rank];
        target.AdmitReserved(request, slot, _simulation.Now);
        target.OutstandingTokens += request.RemainingOutputTokens;
        if (!Busy)
        {
            TryStartStep();
        }
    }

    /// <summary>Releases a prefilled request whose KV cache has reached its decode instance.</summary>
    public void ReleaseTransferred(RequestState request)
    {
        if (Failed)
        {
            return;
        }

        Ranks[request.Rank].Release(request);
        if (!Busy)
        {
            TryStartStep();
        }
    }

    /// <summary>Step completion (step fidelity).</summary>
    void IEventHandler.OnEvent(Simulation simulation, long arg) => CompleteStep();

    private void CompleteStep()
    {
        var now = _simulation.Now;
        if (Failed)
        {
            // The step in flight when the instance was lost never completes; its requests were handed back already.
            Busy = false;
            return;
        }

        if (_layerRunner is not null)
        {
            // The stages' events decided the step's length; fit the priced attribution to it so shares still add up.
            _cost.Duration = now - _stepStart;
            StepAttribution.FitToDuration(ref _cost);
        }

        Busy = false;
        Steps++;
        BusyNanoseconds += (now - _stepStart).Nanoseconds;
        _host.Observer.OnStep(Record());
        for (var i = 0; i < _ranks.Length; i++)
        {
            ApplyPrefills(_ranks[i], _batch.Ranks[i], now);
            ApplyDecodes(_ranks[i], _batch.Ranks[i], now);
        }

        _batch.Clear();
        TryStartStep();
    }

    private void TryStartStep()
    {
        var now = _simulation.Now;
        for (var i = 0; i < _ranks.Length; i++)
        {
            var rank = _ranks[i];
            _policy.Form(rank, _batch.Ranks[i], _limits, now);
            if (rank.RecentlyPreempted.Count > 0)
            {
                foreach (var victim in rank.RecentlyPreempted)
                {
                    // Recompute: the whole (grown) prompt is prefill work again.
                    rank.OutstandingTokens += victim.PromptTokens;
                    _host.Observer.OnPreempted(victim);
                }

                rank.RecentlyPreempted.Clear();
            }

            DropUnservable(rank, now);
        }

        if (_batch.IsEmpty)
        {
            _host.Observer.OnIdle(Identity, RankGroupGauges.Sample(_ranks), now);
            return;
        }

        _cost = default;
        _pricer.Price(_batch, ref _cost);
        _counts = BatchCounts.Of(_batch);
        _stepStart = now;
        Busy = true;
        if (_layerRunner is not null)
        {
            // Layer fidelity: the stages' events set the step's end; the priced cost keeps the attribution.
            _stagePlanner!.PlanStages(_batch, _stagePlan!);
            // Observers that need a step's length at its start (timeseries.csv) get the priced estimate; OnStep has the
            // simulated one. LayerFidelity tells them apart.
            _host.Observer.OnStepStarted(Record());
            _layerRunner.Begin(_stagePlan!);
            return;
        }

        // A step always takes time: a zero-cost step would let the loop spin without advancing the clock.
        var duration = _cost.Duration.Nanoseconds > 0 ? _cost.Duration : SimDuration.FromNanoseconds(1);
        _host.Observer.OnStepStarted(Record());
        _simulation.Schedule(duration, this);
    }

    /// <summary>The step in flight as observers see it, with the gauges sampled now.</summary>
    private StepRecord Record() => new(Identity, _counts, _cost, RankGroupGauges.Sample(_ranks), _stepStart);

    private void ApplyPrefills(AttentionRank rank, RankBatch rankBatch, SimTime now)
    {
        foreach (var chunk in CollectionsMarshal.AsSpan(rankBatch.Prefills))
        {
            var request = chunk.Request;
            request.PrefilledTokens += chunk.NewTokens;
            rank.OutstandingTokens -= chunk.NewTokens;
            if (request.NeedsPrefill)
            {
                continue;
            }

            request.CompletePrefill();
            if (request.GeneratedTokens == 0)
            {
                // The last prefill chunk samples the first output token.
                SampleFirstToken(rank, request, now);
            }

            if (request.RemainingOutputTokens <= 0)
            {
                Finish(rank, request, now);
            }
            else if (Role == InstanceRole.Prefill)
            {
                // Its decode tokens are another instance's load from now on.
                request.BeginTransfer(Index);
                rank.OutstandingTokens -= request.RemainingOutputTokens;
                _host.OnPrefilled(this, request);
            }
        }
    }

    private void Finish(AttentionRank rank, RequestState request, SimTime now)
    {
        rank.Release(request);
        rank.OutstandingTokens -= Math.Max(0, request.RemainingOutputTokens);
        request.Finish(now);
        _host.OnRequestEnded(request);
    }
}
