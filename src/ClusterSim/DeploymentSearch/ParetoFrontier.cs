namespace ClusterSim.DeploymentSearch;

/// <summary>
/// The non-dominated candidates in (tokens/s/user, tokens/s/GPU), both higher-is-better: the field's standard
/// picture of a deployment search. A point is dominated when another is at least as good in both and better in one;
/// two points equal in both dominate neither, so both stay.
/// </summary>
public static class ParetoFrontier
{
    /// <summary>The feasible results on the frontier, by tokens/s/user ascending (tokens/s/GPU descending).</summary>
    public static IReadOnlyList<CandidateResult> Of(IEnumerable<CandidateResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);

        // Sweep from the fastest per-user speed down. A group of equal x keeps its best y if that y beats every
        // faster group's best; points of the group below its best y are dominated by the best one.
        var groups = results.Where(r => r.Feasible)
            .GroupBy(r => r.TokensPerSecondPerUser!.Value)
            .OrderByDescending(g => g.Key);
        var frontier = new List<CandidateResult>();
        var bestY = double.NegativeInfinity;
        foreach (var group in groups)
        {
            var top = group.Max(r => r.TokensPerSecondPerGpu!.Value);
            if (top > bestY)
            {
                frontier.AddRange(group.Where(r => r.TokensPerSecondPerGpu!.Value == top).OrderBy(r => r.Candidate.Index));
                bestY = top;
            }
        }

        return frontier.OrderBy(r => r.TokensPerSecondPerUser!.Value).ThenByDescending(r => r.TokensPerSecondPerGpu!.Value).ThenBy(r => r.Candidate.Index).ToArray();
    }
}
