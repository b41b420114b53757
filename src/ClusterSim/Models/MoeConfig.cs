namespace ClusterSim.Models;

/// <summary>Mixture-of-experts settings after the config dialects are normalised.</summary>
/// <param name="RoutedExperts">Routed experts per MoE layer (E).</param>
/// <param name="ExpertsPerToken">Experts each token is routed to (top-k).</param>
/// <param name="SharedExperts">Always-active shared experts per MoE layer.</param>
/// <param name="ExpertIntermediateSize">Intermediate width of one expert (f).</param>
/// <param name="ExpertGroups">Groups for group-limited routing (n_group), 1 when absent.</param>
/// <param name="GroupsPerToken">Groups a token may use (topk_group), 1 when absent.</param>
public sealed record MoeConfig(
    int RoutedExperts,
    int ExpertsPerToken,
    int SharedExperts,
    int ExpertIntermediateSize,
    int ExpertGroups,
    int GroupsPerToken)
{
    /// <summary>E/k: how many times the batch is divided among experts under uniform routing.</summary>
    public double ExpertsPerActivation => (double)RoutedExperts / ExpertsPerToken;
}
