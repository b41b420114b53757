namespace ClusterSim.DeploymentSearch;

/// <summary>What a plan optimises among the candidates that meet the SLOs.</summary>
public enum PlanObjective
{
    /// <summary>Most output tokens per second per accelerator at capacity.</summary>
    ThroughputPerGpu,

    /// <summary>Fewest US dollars per million output tokens at capacity.</summary>
    CostPerToken,

    /// <summary>Fewest joules (facility energy) per output token at capacity.</summary>
    EnergyPerToken,
}

/// <summary>A deployment mode a plan may choose.</summary>
public enum PlanMode
{
    /// <summary>One <c>serving</c> pool doing prefill and decode.</summary>
    Colocated,

    /// <summary>A <c>prefill</c> and a <c>decode</c> pool, KV caches crossing the fabric.</summary>
    Disaggregated,
}

/// <summary>A prefill:decode split of a disaggregated deployment's accelerators, "1:3".</summary>
/// <param name="Prefill">Prefill share, ≥ 1.</param>
/// <param name="Decode">Decode share, ≥ 1.</param>
public sealed record PoolRatio(int Prefill, int Decode)
{
    /// <summary>"1:3".</summary>
    public override string ToString() => FormattableString.Invariant($"{Prefill}:{Decode}");
}

/// <summary>The values one pool's settings range over (docs/planning.md, "The search space").</summary>
/// <param name="Ep">Expert-parallel degrees; each is also the instance's accelerators (one EP group per instance).</param>
/// <param name="AttentionTp">Attention TP degrees; attention DP is EP ÷ TP.</param>
/// <param name="Redundant">Redundant expert slots.</param>
/// <param name="MicroBatches">Micro-batches (1, or 2 for two-batch overlap).</param>
/// <param name="MaxRunningRequests">Running requests per attention rank.</param>
/// <param name="AllToAll">All-to-all kernels: normal, low-latency, direct.</param>
public sealed record PoolSpace(
    IReadOnlyList<int> Ep,
    IReadOnlyList<int> AttentionTp,
    IReadOnlyList<int> Redundant,
    IReadOnlyList<int> MicroBatches,
    IReadOnlyList<int> MaxRunningRequests,
    IReadOnlyList<string> AllToAll);

/// <summary>The SLOs a plan's candidates must meet and the share of requests that must meet them.</summary>
/// <param name="TtftMs">TTFT objective in ms; +∞ for none.</param>
/// <param name="TpotMs">TPOT objective in ms (already the tighter of tpot_ms and 1000 ÷ min_tokens_per_s_per_user); +∞ for none.</param>
/// <param name="TargetAttainment">Share of requests that must meet every objective (percentile ÷ 100).</param>
public sealed record PlanSlo(double TtftMs, double TpotMs, double TargetAttainment);

/// <summary>
/// A plan file, read and checked: the base scenario, the search space, the SLOs and the objective
/// (docs/planning.md). Immutable; <see cref="PlanReader"/> makes it.
/// </summary>
/// <param name="File">The plan file, as named.</param>
/// <param name="Name">The plan's name (names the candidates' scenarios).</param>
/// <param name="ScenarioPath">The base scenario file, absolute.</param>
/// <param name="Settings">Overrides laid over the base scenario before anything else, in order.</param>
/// <param name="Hardware">Accelerator kinds (catalog names or files).</param>
/// <param name="Gpus">Total accelerator counts tried, ascending.</param>
/// <param name="AcceleratorsPerNode">Accelerators per node of every candidate's cluster.</param>
/// <param name="Modes">Deployment modes tried.</param>
/// <param name="Ratios">Prefill:decode splits tried by the disaggregated mode.</param>
/// <param name="Serving">The colocated pool's space.</param>
/// <param name="Prefill">The prefill pool's space.</param>
/// <param name="Decode">The decode pool's space.</param>
/// <param name="Mtp">MTP (one speculative draft token) settings tried.</param>
/// <param name="Slo">SLOs and the target attainment.</param>
/// <param name="Objective">What ranks the candidates.</param>
/// <param name="Precision">Relative precision of each capacity search.</param>
/// <param name="StartRatePerGpu">First rate probed per accelerator; null takes the base scenario's rate per accelerator.</param>
/// <param name="Top">Rows of the console table and winning scenarios written.</param>
public sealed record PlanSpec(
    string File,
    string Name,
    string ScenarioPath,
    IReadOnlyList<KeyValuePair<string, string>> Settings,
    IReadOnlyList<string> Hardware,
    IReadOnlyList<int> Gpus,
    int AcceleratorsPerNode,
    IReadOnlyList<PlanMode> Modes,
    IReadOnlyList<PoolRatio> Ratios,
    PoolSpace Serving,
    PoolSpace Prefill,
    PoolSpace Decode,
    IReadOnlyList<bool> Mtp,
    PlanSlo Slo,
    PlanObjective Objective,
    double Precision,
    double? StartRatePerGpu,
    int Top);
