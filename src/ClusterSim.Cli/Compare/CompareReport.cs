using ClusterSim.Regression;

namespace ClusterSim.Cli.Compare;

/// <summary>The comparison of one pair: the metric deltas and, with --per-request, the request-level diff.</summary>
/// <param name="Pair">What was compared.</param>
/// <param name="Metrics">Metric deltas and gate verdicts.</param>
/// <param name="Requests">Per-request comparison, or null when not asked for.</param>
public sealed record PairReport(ComparedPair Pair, RunComparison Metrics, RequestComparison? Requests);

/// <summary>Everything compare found, rendered as a table or as JSON.</summary>
/// <param name="Baseline">BASE as given.</param>
/// <param name="Candidate">CAND as given.</param>
/// <param name="Gates">The gates applied.</param>
/// <param name="Pairs">One report per run or sweep point.</param>
/// <param name="Top">How many slowed requests to list.</param>
public sealed record CompareReport(string Baseline, string Candidate, IReadOnlyList<MetricGate> Gates, IReadOnlyList<PairReport> Pairs, int Top)
{
    /// <summary>True when every gate of every pair passed.</summary>
    public bool Passed => Pairs.All(p => p.Metrics.Passed);
}
