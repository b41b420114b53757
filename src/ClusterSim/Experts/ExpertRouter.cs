using ClusterSim.Engine;
using Microsoft.Extensions.Logging;

namespace ClusterSim.Experts;

/// <summary>
/// One instance's expert routing over time: samples each MoE layer's per-expert tokens from the (drifting)
/// popularity, maps them onto EP ranks through the layer's placement, records what it saw in a sliding window and,
/// with EPLB and a rebalance interval, re-plans every layer's placement from that window and charges the weight
/// migration as a pause of the next step.
/// </summary>
/// <remarks>
/// Layers are sampled round-robin, so a step that samples two layers visits every MoE layer within layers/2 steps.
/// Nothing is allocated per step; a re-placement allocates nothing either (buffers are sized at construction).
/// </remarks>
public sealed class ExpertRouter
{
    private readonly ExpertPopularity _popularity;
    private readonly RoutingSampler _sampler;
    private readonly ExpertPlacement[] _placements;
    private readonly ExpertPlacement? _scratch;
    private readonly EplbPlanner? _planner;
    private readonly ExpertLoadWindow? _window;
    private readonly ExpertRebalanceSpec _rebalance;
    private readonly ExpertMigrationCost _migration;
    private readonly Func<SimTime> _clock;
    private readonly ILogger? _logger;
    private readonly string _name;
    private readonly long[] _counts;
    private readonly double[] _load;
    private readonly double[] _rankScratch;
    private readonly double[] _rankBytes;
    private readonly int[] _stamp;
    private int _stampValue;
    private int _nextLayer;
    private SimTime _nextRebalance;
    private double _pendingPauseNs;
    private bool _warnedCoverage;

    /// <summary>
    /// Creates the router. EPLB placements start from the popularity at time zero as an offline profile saw it:
    /// through <paramref name="profile"/>'s finite window of sampled tokens, or exactly when it is null.
    /// </summary>
    public ExpertRouter(
        ExpertPopularity popularity,
        RoutingSampler sampler,
        PlacementKind placement,
        ExpertRebalanceSpec rebalance,
        int ranks,
        int slotsPerRank,
        ExpertMigrationCost migration,
        Func<SimTime> clock,
        ILogger? logger = null,
        string name = "instance",
        EplbLoadProfile? profile = null)
    {
        ArgumentNullException.ThrowIfNull(popularity);
        ArgumentNullException.ThrowIfNull(sampler);
        ArgumentNullException.ThrowIfNull(rebalance);
        if (sampler.Experts != popularity.Experts)
        {
            throw new ArgumentException($"the sampler has {sampler.Experts} experts, the popularity {popularity.Experts}");
        }

        _popularity = popularity;
        _sampler = sampler;
        _rebalance = placement == PlacementKind.Eplb ? rebalance : ExpertRebalanceSpec.Off;
        _migration = migration;
        _clock = clock;
        _logger = logger;
        _name = name;
        Placement = placement;
        var experts = popularity.Experts;
        _counts = new long[experts];
        _load = new double[experts];
        _rankScratch = new double[ranks];
        _rankBytes = new double[ranks];
        _stamp = new int[experts];
        _placements = new ExpertPlacement[popularity.Layers];
        if (placement == PlacementKind.Eplb)
        {
            _planner = new EplbPlanner(experts, ranks, slotsPerRank);
        }

        for (var l = 0; l < _placements.Length; l++)
        {
            _placements[l] = new ExpertPlacement(experts, ranks, slotsPerRank);
            if (_planner is null)
            {
                _placements[l].SetContiguous();
            }
            else
            {
                if (profile is null)
                {
                    popularity.Initial(l).CopyTo(_load);
                }
                else
                {
                    profile.Observe(popularity.Initial(l), _load);
                }

                _planner.Plan(_load, _placements[l]);
            }
        }

        if (_rebalance.Enabled)
        {
            _scratch = new ExpertPlacement(experts, ranks, slotsPerRank);
            _window = new ExpertLoadWindow(_placements.Length, experts, _rebalance.Window);
            _nextRebalance = SimTime.Zero + _rebalance.Interval;
        }
    }

    /// <summary>The placement policy.</summary>
    public PlacementKind Placement { get; }

    /// <summary>Called after each re-placement with its time and a one-line description (for traces and reports).</summary>
    public Action<SimTime, string>? Rebalanced { get; set; }

    /// <summary>True when periodic re-placement is on.</summary>
    public bool Rebalancing => _rebalance.Enabled;

    /// <summary>EP ranks.</summary>
    public int Ranks => _rankScratch.Length;

    /// <summary>Expert slots per rank.</summary>
    public int SlotsPerRank => _placements[0].SlotsPerRank;

    /// <summary>Routed experts per layer.</summary>
    public int Experts => _counts.Length;

    /// <summary>MoE layers routed.</summary>
    public int Layers => _placements.Length;

    /// <summary>Re-placement counts so far.</summary>
    public ExpertBalanceStatistics Statistics { get; } = new();

    /// <summary>The per-expert counts of the last routed layer.</summary>
    public ReadOnlySpan<long> LastCounts => _counts;

    /// <summary>The current placement of MoE layer <paramref name="layer"/>.</summary>
    public ExpertPlacement PlacementOf(int layer) => _placements[layer];

    /// <summary>
    /// Starts a step: runs a re-placement that has come due and returns the nanoseconds of weight migration the step
    /// must wait for (0 when nothing moved).
    /// </summary>
    public double BeginStep()
    {
        if (_window is not null)
        {
            var now = _clock();
            if (now >= _nextRebalance)
            {
                Rebalance(now);
                while (_nextRebalance <= now)
                {
                    _nextRebalance += _rebalance.Interval;
                }
            }
        }

        var pause = _pendingPauseNs;
        _pendingPauseNs = 0;
        return pause;
    }

    /// <summary>
    /// Routes <paramref name="tokens"/> tokens through the next MoE layer: writes per-rank token loads and per-slot
    /// counts and returns the per-expert imbalance (max/mean tokens over the routed experts; 1 when no tokens).
    /// </summary>
    public double RouteNextLayer(long tokens, Span<long> rankLoads, Span<int> slotCounts)
    {
        var layer = _nextLayer;
        _nextLayer = (_nextLayer + 1) % _placements.Length;
        var now = _clock();
        _sampler.Sample(layer, _popularity.At(layer, now), tokens, _counts);
        _placements[layer].Distribute(_counts, rankLoads, slotCounts);
        _window?.Observe(layer, _counts, now);
        long max = 0, sum = 0;
        foreach (var c in _counts)
        {
            max = Math.Max(max, c);
            sum += c;
        }

        return sum > 0 ? max * (double)_counts.Length / sum : 1;
    }

    private void Rebalance(SimTime now)
    {
        Array.Clear(_rankBytes);
        long moved = 0;
        double before = 0, after = 0;
        var planned = 0;
        var observed = 0;
        for (var l = 0; l < _placements.Length; l++)
        {
            if (_window!.Load(l, now, _load) <= 0)
            {
                continue;
            }

            observed++;
            var current = _placements[l];
            _planner!.Plan(_load, _scratch!, current);
            var old = current.ExpectedRankImbalance(_load, _rankScratch);
            var fresh = _scratch!.ExpectedRankImbalance(_load, _rankScratch);
            if (old <= fresh * (1 + _rebalance.MinGain))
            {
                continue;
            }

            before += old;
            after += fresh;
            moved += CountMoves(current, _scratch);
            current.CopyFrom(_scratch);
            planned++;
        }

        if (observed * 2 < _placements.Length && !_warnedCoverage)
        {
            // Only sampled layers are observed: a short window with few samples per step leaves layers unseen.
            _warnedCoverage = true;
            _logger?.LogWarning(
                "Expert re-placement on {Instance} at {Seconds:0.###} s saw only {Observed} of {Layers} MoE layers in its window; set experts.samples_per_step: all or lengthen experts.rebalance.window",
                _name,
                now.TotalSeconds,
                observed,
                _placements.Length);
        }

        if (planned == 0)
        {
            return;
        }

        double maxBytes = 0, totalBytes = 0;
        foreach (var b in _rankBytes)
        {
            maxBytes = Math.Max(maxBytes, b);
            totalBytes += b;
        }

        var pauseNs = _migration.Nanoseconds(maxBytes);
        _pendingPauseNs += pauseNs;
        var s = Statistics;
        s.Rebalances++;
        s.ReplicasMoved += moved;
        s.MigrationBytes += totalBytes;
        s.MigrationPauseNs += pauseNs;
        s.ImbalanceBeforeSum += before / planned;
        s.ImbalanceAfterSum += after / planned;
        Rebalanced?.Invoke(now, string.Create(
            System.Globalization.CultureInfo.InvariantCulture,
            $"{planned} layers re-planned, {moved} replicas moved ({totalBytes / 1e9:0.###} GB), pause {pauseNs / 1e6:0.###} ms, expected rank imbalance {before / planned:0.###} -> {after / planned:0.###}"));
        _logger?.LogInformation(
            "Expert re-placement on {Instance} at {Seconds:0.###} s: {Layers} layers re-planned, {Moved} replicas moved ({Gb:0.###} GB), pause {PauseMs:0.###} ms, expected rank imbalance {Before:0.###} -> {After:0.###}",
            _name,
            now.TotalSeconds,
            planned,
            moved,
            totalBytes / 1e9,
            pauseNs / 1e6,
            before / planned,
            after / planned);
    }

    /// <summary>Replicas the new placement puts on a rank that did not hold that expert; adds their bytes per rank.</summary>
    private long CountMoves(ExpertPlacement current, ExpertPlacement next)
    {
        long moved = 0;
        var slots = current.SlotsPerRank;
        var old = current.SlotExperts;
        var fresh = next.SlotExperts;
        for (var r = 0; r < Ranks; r++)
        {
            _stampValue++;
            for (var i = r * slots; i < (r + 1) * slots; i++)
            {
                if (old[i] >= 0)
                {
                    _stamp[old[i]] = _stampValue;
                }
            }

            for (var i = r * slots; i < (r + 1) * slots; i++)
            {
                var e = fresh[i];
                if (e >= 0 && _stamp[e] != _stampValue)
                {
                    _stamp[e] = _stampValue;
                    moved++;
                    _rankBytes[r] += _migration.BytesPerReplica;
                }
            }
        }

        return moved;
    }
}
