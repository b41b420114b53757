using ClusterSim.Fabric;
using ClusterSim.Hardware;
using ClusterSim.Models;
using ClusterSim.Scenarios;
using ClusterSim.Serving;

namespace ClusterSim.Planning;

/// <summary>
/// What a scenario means, resolved once and immutable: the model and its number formats, the accelerator, the fabric,
/// and one <see cref="PoolPlan"/> per pool (parallel plan, operator costs, HBM plan, calibrated collectives, expert
/// placement inputs). Every verb that needs a deployment (run, analyze, validate, sweep, capacity, the regression
/// suite) starts from one; a scenario that cannot work never becomes one.
/// </summary>
/// <param name="Scenario">The scenario with every catalog name replaced by the file it resolved to.</param>
/// <param name="Model">The model served.</param>
/// <param name="Precision">Number formats per tensor kind: the model's own with the scenario's overrides.</param>
/// <param name="Hardware">The accelerator kind of every pool (and of AFD attention ranks).</param>
/// <param name="Topology">The cluster's fabric.</param>
/// <param name="Pools">Resolved pools, in deployment order.</param>
/// <param name="Experts">Expert routing inputs read from files (an empirical histogram), or null.</param>
public sealed record DeploymentPlan(
    Scenario Scenario,
    ModelArchitecture Model,
    ModelPrecision Precision,
    AcceleratorSpec Hardware,
    FabricTopology Topology,
    IReadOnlyList<PoolPlan> Pools,
    Experts.ExpertHistogram? Experts)
{
    /// <summary>The serving engine's host overhead per iteration (<c>scheduler.engine</c>); none unless resolved from a catalog.</summary>
    public EngineProfile Engine { get; init; } = EngineProfile.Ideal;

    /// <summary>
    /// The measured kernel tables of the hardware (scenarios/kernels/&lt;name&gt;/), or null when the scenario names its
    /// hardware by a file path or the catalog has no tables for it; GEMMs then fall back to the tile roofline.
    /// </summary>
    public Kernels.KernelTables? Kernels { get; init; }

    /// <summary>The link model the scenario chose for the fabric.</summary>
    public LinkModel LinkModel => Scenario.Cluster.LinkModel;

    /// <summary>How collectives route over the fabric.</summary>
    public CollectiveRouting Routing => Scenario.Cluster.Routing;

    /// <summary>Accelerators in one scale-up domain of this cluster, as the fabric was built.</summary>
    public int ScaleUpDomain => Topology.DomainSize;

    /// <summary>
    /// The token-block size of the trace's prefix hashes when prefix caching reads them (Mooncake traces); 0 when
    /// prefix caching has nothing to match on.
    /// </summary>
    public int PrefixHashBlockTokens =>
        Scenario.Scheduler.PrefixCaching && Scenario.Workload is Workloads.TraceWorkloadSpec { Format: Workloads.TraceFormat.Mooncake }
            ? Workloads.RequestArrival.PrefixBlockTokens
            : 0;
}
