namespace ClusterSim.DeploymentSearch;

/// <summary>Orders candidates by the plan's objective: best first, ties by candidate index.</summary>
public static class PlanRanking
{
    /// <summary>The objective's value of a result (higher or lower is better by objective); null when it has none.</summary>
    public static double? Score(CandidateResult result, PlanObjective objective)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (!result.Feasible)
        {
            return null;
        }

        return objective switch
        {
            PlanObjective.CostPerToken => result.UsdPerMillionTokens,
            PlanObjective.EnergyPerToken => result.JoulesPerToken,
            _ => result.TokensPerSecondPerGpu,
        };
    }

    /// <summary>The feasible results with a score, best first.</summary>
    public static IReadOnlyList<CandidateResult> Rank(IEnumerable<CandidateResult> results, PlanObjective objective)
    {
        ArgumentNullException.ThrowIfNull(results);
        var scored = results.Where(r => Score(r, objective) is not null);
        var ordered = objective == PlanObjective.ThroughputPerGpu
            ? scored.OrderByDescending(r => Score(r, objective)!.Value)
            : scored.OrderBy(r => Score(r, objective)!.Value);
        return ordered.ThenBy(r => r.Candidate.Index).ToArray();
    }

    /// <summary>The objective's name as plan files and plan.csv write it.</summary>
    public static string Name(PlanObjective objective) => objective switch
    {
        PlanObjective.CostPerToken => "cost_per_token",
        PlanObjective.EnergyPerToken => "energy_per_token",
        _ => "throughput_per_gpu",
    };
}
