using ClusterSim.Engine;

namespace ClusterSim.Experts;

/// <summary>The shape of expert popularity before grouping and drift.</summary>
public enum PopularityKind
{
    /// <summary>Every expert equally popular.</summary>
    Uniform,

    /// <summary>Zipf: the i-th most popular expert has weight 1/i^s, ranks shuffled per layer.</summary>
    Zipf,

    /// <summary>Log-normal weights exp(N(0, σ²)), drawn per expert and layer.</summary>
    LogNormal,

    /// <summary>Per-layer histograms read from a CSV file (layer,expert,weight).</summary>
    Empirical,
}

/// <summary>How popularity moves over simulated time.</summary>
public enum DriftKind
{
    /// <summary>Popularity is fixed for the whole run.</summary>
    None,

    /// <summary>
    /// Popularity ranks rotate by <see cref="ExpertRoutingSpec.DriftRate"/> places per simulated second: every expert
    /// cools by one place and the coldest becomes the hottest (a new hot topic), so the hot set turns over gradually.
    /// </summary>
    Rotate,

    /// <summary>Each log-weight performs a Gaussian random walk with σ = <see cref="ExpertRoutingSpec.DriftRate"/> per √second.</summary>
    RandomWalk,
}

/// <summary>Where expert replicas live on the EP ranks.</summary>
public enum PlacementKind
{
    /// <summary>EP rank r holds experts [r·E/EP, (r+1)·E/EP); redundant slots stay empty.</summary>
    Contiguous,

    /// <summary>DeepSeek EPLB: hot experts replicated into the redundant slots, replicas packed greedily by load.</summary>
    Eplb,
}

/// <summary>How tokens pick experts in every MoE layer.</summary>
/// <param name="Popularity">Base shape of the popularity vector.</param>
/// <param name="ZipfExponent">Zipf skew s (for <see cref="PopularityKind.Zipf"/>).</param>
/// <param name="Sigma">Log-normal σ of log-popularity (for <see cref="PopularityKind.LogNormal"/>).</param>
/// <param name="EmpiricalPath">Absolute path of the histogram CSV (for <see cref="PopularityKind.Empirical"/>).</param>
/// <param name="GroupLimited">True to route each token to topk_group of the model's n_group groups first.</param>
/// <param name="Drift">How popularity moves over time.</param>
/// <param name="DriftRate">Experts per second (rotate) or σ of log-weight per √second (random walk).</param>
public sealed record ExpertRoutingSpec(
    PopularityKind Popularity = PopularityKind.Uniform,
    double ZipfExponent = 0,
    double Sigma = 0,
    string? EmpiricalPath = null,
    bool GroupLimited = false,
    DriftKind Drift = DriftKind.None,
    double DriftRate = 0)
{
    /// <summary>Uniform routing without groups or drift (an explicit choice: <c>routing: uniform</c>).</summary>
    public static ExpertRoutingSpec Uniform { get; } = new();

    /// <summary>True when every expert is equally popular for the whole run (no skew for a balancer to fix).</summary>
    public bool IsUniform => Popularity == PopularityKind.Uniform && Drift == DriftKind.None;

    /// <summary>
    /// The default: log-normal popularity with σ fitted to a published measurement of real expert loads
    /// (<see cref="MeasuredExpertSkew"/>), without groups or drift.
    /// </summary>
    public static ExpertRoutingSpec Measured { get; } = new(PopularityKind.LogNormal, Sigma: MeasuredExpertSkew.LogNormalSigma);
}

/// <summary>Periodic re-placement from a sliding window of observed loads.</summary>
/// <param name="Interval">Simulated time between re-placements; zero turns rebalancing off.</param>
/// <param name="Window">How far back observed loads count.</param>
/// <param name="MinGain">
/// A layer is re-placed only when its current placement's expected rank imbalance on the window exceeds the new
/// plan's by more than this fraction (0.05: 5 %), so weights do not move for noise.
/// </param>
public sealed record ExpertRebalanceSpec(SimDuration Interval, SimDuration Window, double MinGain = 0.05)
{
    /// <summary>No rebalancing.</summary>
    public static ExpertRebalanceSpec Off { get; } = new(SimDuration.Zero, SimDuration.Zero);

    /// <summary>True when re-placement runs.</summary>
    public bool Enabled => Interval > SimDuration.Zero;
}

/// <summary>The scenario's <c>experts</c> section: routing skew, placement and rebalancing.</summary>
/// <param name="Routing">Popularity, grouping and drift.</param>
/// <param name="Placement">
/// Contiguous or EPLB; null (the default) means EPLB for a pool with redundant expert slots (they exist only for a
/// balancer to fill) when the routing is skewed, and contiguous otherwise (so <c>routing: uniform</c> keeps the
/// placement it always had).
/// </param>
/// <param name="Rebalance">Periodic re-placement (EPLB only).</param>
/// <param name="SamplesPerStep">MoE layers sampled per step (the rest are taken as alike); 0 samples every MoE layer.</param>
/// <param name="EplbWindowTokens">
/// Tokens the EPLB placement's load profile observed before the run (the per-expert counts it plans from are drawn
/// from the popularity over this many tokens); 0 plans from the exact popularity. Used only with EPLB placement.
/// </param>
public sealed record ExpertsSpec(
    ExpertRoutingSpec Routing,
    PlacementKind? Placement,
    ExpertRebalanceSpec Rebalance,
    int SamplesPerStep = 2,
    long EplbWindowTokens = MeasuredExpertSkew.EplbWindowTokens)
{
    /// <summary>
    /// Measured skew (<see cref="ExpertRoutingSpec.Measured"/>), EPLB where a pool has redundant slots and contiguous
    /// placement elsewhere, no rebalancing, two sampled layers per step, EPLB planned from
    /// <see cref="MeasuredExpertSkew.EplbWindowTokens"/> tokens.
    /// </summary>
    public static ExpertsSpec Default { get; } = new(ExpertRoutingSpec.Measured, null, ExpertRebalanceSpec.Off);

    /// <summary>The placement of a pool with <paramref name="redundantSlots"/> redundant expert slots.</summary>
    public PlacementKind PlacementFor(int redundantSlots) =>
        Placement ?? (redundantSlots > 0 && !Routing.IsUniform ? PlacementKind.Eplb : PlacementKind.Contiguous);
}
