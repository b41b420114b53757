using ClusterSim.Experts;
using ClusterSim.Fabric;
using ClusterSim.Models;
using ClusterSim.Scenarios;

namespace ClusterSim.Planning;

/// <summary>
/// How one pool's MoE dispatch and combine cross the fabric: the routing of its transfers and the share of the token
/// copies bound for another scale-up domain that actually leave the domain.
/// </summary>
/// <remarks>
/// DeepEP's normal kernels (<see cref="CollectiveRouting.Hierarchical"/>) send a token once to every remote scale-up
/// domain holding one of its experts and fan it out inside that domain over NVLink, so the NICs carry
/// E[distinct domains hit] / k of the cross-domain copies. Its low-latency kernels
/// (<see cref="CollectiveRouting.Rdma"/>) write every copy straight to its expert's rank over RDMA, inside a node too,
/// and deduplicate nothing. Copies that stay inside a domain are never deduplicated here.
/// </remarks>
/// <param name="Routing">The routing of the pool's all-to-all transfers.</param>
/// <param name="CrossDomainFactor">Share of cross-domain copies on the wire (1 without deduplication).</param>
public sealed record ExpertAllToAll(CollectiveRouting Routing, double CrossDomainFactor)
{
    /// <summary>No deduplication: every copy crosses as routed.</summary>
    public static ExpertAllToAll Plain(CollectiveRouting routing) => new(routing, 1);

    /// <summary>The pool's all-to-all: its <c>experts.all_to_all</c>, else <c>cluster.fabric.routing</c>.</summary>
    /// <param name="scenario">The scenario (cluster routing, expert routing rules).</param>
    /// <param name="section">The pool.</param>
    /// <param name="model">The model; a dense model has no all-to-all to deduplicate.</param>
    /// <param name="expertRanks">Ranks the experts are spread over.</param>
    /// <param name="domainSize">Accelerators per scale-up domain.</param>
    public static ExpertAllToAll For(Scenario scenario, PoolSection section, ModelArchitecture model, int expertRanks, int domainSize)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(model);
        var routing = RoutingOf(scenario, section);
        if (routing != CollectiveRouting.Hierarchical || model.Moe is not { } moe)
        {
            return Plain(routing);
        }

        // Only copies bound for another domain use the factor, so one domain of experts (co-located EP inside a node)
        // is unaffected, while AFD's attention ranks send each token once to a single remote expert domain.
        var domains = Math.Max(1, expertRanks / Math.Max(1, domainSize));
        var distinct = ExpertPlacementMath.ExpectedDistinctGroups(moe.RoutedExperts, moe.ExpertsPerToken, domains);
        if (scenario.ExpertsOrDefault.Routing.GroupLimited && moe.ExpertGroups > 1)
        {
            // Group-limited routing caps the domains a token reaches when groups map onto domains (DeepSeek's M = 4).
            distinct = Math.Min(distinct, moe.GroupsPerToken * Math.Max(1.0, (double)domains / moe.ExpertGroups));
        }

        return new ExpertAllToAll(routing, distinct / moe.ExpertsPerToken);
    }

    /// <summary>The routing a pool's all-to-all uses: its own setting, else the cluster's.</summary>
    public static CollectiveRouting RoutingOf(Scenario scenario, PoolSection section)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(section);
        return section.AllToAll ?? scenario.Cluster.Routing;
    }

    /// <summary>
    /// The bytes from <paramref name="source"/> to <paramref name="destination"/> when a uniform pattern sends
    /// <paramref name="bytesPerPair"/>: scaled by <see cref="CrossDomainFactor"/> when the pair crosses domains.
    /// </summary>
    public double PairBytes(FabricTopology topology, int source, int destination, double bytesPerPair)
    {
        ArgumentNullException.ThrowIfNull(topology);
        return topology.SameScaleUpDomain(source, destination) ? bytesPerPair : bytesPerPair * CrossDomainFactor;
    }
}
