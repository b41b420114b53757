using ClusterSim.Experts;
using ClusterSim.Fabric;
using ClusterSim.Hardware;
using ClusterSim.Input;
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
    /// <summary>
    /// SMs DeepEP's normal kernels take while they run: its V1 documentation (deepseek-ai/DeepEP docs/legacy.md,
    /// "Example use in model training or inference prefilling") sets <c>Buffer.set_num_sms(24)</c>.
    /// </summary>
    public const int NormalKernelSms = 24;

    /// <summary>
    /// Streaming multiprocessors the all-to-all kernels occupy while they run, taken from the compute lane under
    /// two-batch overlap; 0 when they take none (low-latency, direct, or no all-to-all).
    /// </summary>
    public int Sms { get; init; }

    /// <summary>
    /// The SMs a kernel family occupies by default: DeepEP's normal kernels <see cref="NormalKernelSms"/>; its
    /// low-latency kernels none (their receive hook "does not occupy any SM resource", same documentation; the unpack
    /// work they leave on the compute stream is not modelled); <c>direct</c> is not modelled (0).
    /// </summary>
    public static int DefaultSms(CollectiveRouting routing) => routing == CollectiveRouting.Hierarchical ? NormalKernelSms : 0;

    /// <summary>
    /// Factor by which compute stretches while this all-to-all overlaps it: S / (S − s) for <see cref="Sms"/> = s of
    /// the chip's S SMs; 1 when the hardware file gives no SM count (SM sharing not modelled) or s is 0.
    /// </summary>
    public double ComputeStretch(AcceleratorSpec hardware)
    {
        ArgumentNullException.ThrowIfNull(hardware);
        if (Sms == 0 || hardware.StreamingMultiprocessors is not { } figure)
        {
            return 1;
        }

        var total = figure.Value;
        return Sms < total
            ? (double)total / (total - Sms)
            : throw new InvalidOperationException($"{Sms} all-to-all SMs leave none of {total} for compute");
    }

    /// <summary>
    /// Checks <c>experts.all_to_all_sms</c> of <paramref name="section"/> against <paramref name="hardware"/>: it needs
    /// the hardware's SM count and must leave at least one SM for compute.
    /// </summary>
    /// <exception cref="InputException">When the setting cannot apply to this hardware.</exception>
    public static void CheckSms(PoolSection section, AcceleratorSpec hardware, string scenarioFile)
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(hardware);
        if (section.AllToAllSms is not { } sms)
        {
            return;
        }

        var key = $"deployment.{section.Name}.experts.all_to_all_sms";
        if (hardware.StreamingMultiprocessors is not { } figure)
        {
            if (sms > 0)
            {
                throw new InputException(scenarioFile, key, $"{sms} SMs cannot apply: the hardware file of {hardware.Name} gives no streaming_multiprocessors; write 0 or add the figure");
            }

            return;
        }

        if (sms >= figure.Value)
        {
            throw new InputException(scenarioFile, key, $"{sms} must be a whole number from 0 to {figure.Value - 1}: {hardware.Name} has {figure.Value} SMs and compute needs at least one");
        }
    }
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
        if (model.Moe is null)
        {
            return Plain(routing);
        }

        var sms = section.AllToAllSms ?? DefaultSms(routing);
        if (routing != CollectiveRouting.Hierarchical || model.Moe is not { } moe)
        {
            return Plain(routing) with { Sms = sms };
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

        return new ExpertAllToAll(routing, distinct / moe.ExpertsPerToken) { Sms = sms };
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
