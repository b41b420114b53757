namespace ClusterSim.DeploymentSearch;

/// <summary>
/// What a plan learned about one candidate: why it was pruned, or its capacity and the figures of the run at that
/// rate. One row of plan.csv; also what shards hand to `plan merge` (results.json).
/// </summary>
/// <param name="Candidate">The candidate.</param>
/// <param name="PrunedReason">Why it cannot work (one line), or null when it was simulated.</param>
/// <param name="CapacityStatus">found, above_range or below_range; null when pruned.</param>
/// <param name="CapacityRatePerSecond">Highest rate meeting the SLO target; null when pruned or below range.</param>
/// <param name="TokensPerSecondPerGpu">Output tokens/s per accelerator at that rate.</param>
/// <param name="TokensPerSecondPerUser">1000 ÷ median TPOT (ms): the decode speed a typical user sees.</param>
/// <param name="TtftP90Ms">TTFT p90 at that rate.</param>
/// <param name="TpotP90Ms">TPOT p90 at that rate.</param>
/// <param name="SloAttainment">Share of requests meeting every SLO at that rate.</param>
/// <param name="Bottleneck">The resource with the largest share of busy time.</param>
/// <param name="BottleneckShare">Its share.</param>
/// <param name="UsdPerMillionTokens">US dollars per million output tokens at that rate.</param>
/// <param name="JoulesPerToken">Facility joules per output token at that rate.</param>
/// <param name="Probes">Simulations the capacity search ran.</param>
public sealed record CandidateResult(
    Candidate Candidate,
    string? PrunedReason,
    string? CapacityStatus = null,
    double? CapacityRatePerSecond = null,
    double? TokensPerSecondPerGpu = null,
    double? TokensPerSecondPerUser = null,
    double? TtftP90Ms = null,
    double? TpotP90Ms = null,
    double? SloAttainment = null,
    string? Bottleneck = null,
    double? BottleneckShare = null,
    double? UsdPerMillionTokens = null,
    double? JoulesPerToken = null,
    int Probes = 0)
{
    /// <summary>True when the candidate was simulated and a rate meeting the SLOs was found.</summary>
    public bool Feasible => PrunedReason is null && CapacityRatePerSecond is not null && TokensPerSecondPerGpu is not null && TokensPerSecondPerUser is not null;

    /// <summary>A pruned candidate.</summary>
    public static CandidateResult Pruned(Candidate candidate, string reason) => new(candidate, reason);
}
