using ClusterSim.Engine;
using ClusterSim.Experts;
using ClusterSim.Fabric;
using ClusterSim.Hardware;
using ClusterSim.Models;
using ClusterSim.Scenarios;
using ClusterSim.Scheduling;
using ClusterSim.Scheduling.KvCache;
using ClusterSim.Serving;
using ClusterSim.Telemetry;
using ClusterSim.Workloads;
using Microsoft.Extensions.Logging;
using ClusterSim.Input;

namespace ClusterSim.Runs;

/// <summary>
/// A scenario turned into live simulation entities: the engine, the pools of instances with their ranks, KV caches
/// and pricers, and the cluster driver fed by the workload. Built once per run; the path of data goes one way.
/// </summary>
public sealed class BuiltCluster
{
    private BuiltCluster(Simulation simulation, ServingCluster cluster, IReadOnlyList<PoolSetup> setups, ModelArchitecture model, AcceleratorSpec hardware, FabricTopology topology)
    {
        Topology = topology;
        Simulation = simulation;
        Cluster = cluster;
        Setups = setups;
        Model = model;
        Hardware = hardware;
    }

    /// <summary>The engine.</summary>
    public Simulation Simulation { get; }

    /// <summary>The cluster driver.</summary>
    public ServingCluster Cluster { get; }

    /// <summary>Resolved pools, in deployment order.</summary>
    public IReadOnlyList<PoolSetup> Setups { get; }

    /// <summary>The model served.</summary>
    public ModelArchitecture Model { get; }

    /// <summary>The accelerator kind.</summary>
    public AcceleratorSpec Hardware { get; }

    /// <summary>The fabric.</summary>
    public FabricTopology Topology { get; }

    /// <summary>Each pool's expert routers (one per instance, empty for a dense model), in pool order.</summary>
    public IReadOnlyList<IReadOnlyList<ExpertRouter>> ExpertRouters { get; private init; } = [];

    /// <summary>Resolves model, hardware, fabric and pools; throws <see cref="InputException"/> for anything infeasible.</summary>
    public static (ModelArchitecture Model, ModelPrecision Precision, AcceleratorSpec Hardware, FabricTopology Topology, IReadOnlyList<PoolSetup> Pools) Resolve(Scenario scenario)
    {
        var model = ModelConfigReader.ReadFile(scenario.Model.ConfigPath);
        var precision = ApplyOverrides(model.Precision, scenario.Model.Precision);
        var hardware = HardwareCatalog.FindDefault().Load(scenario.Hardware.NameOrPath);
        var topology = new FabricTopology(FabricFactory.Create(hardware, scenario.Cluster, scenario.SourceFile));
        var setups = new List<PoolSetup>();
        if (scenario.Deployment is { Mode: DeploymentMode.Afd, Afd: { } afd })
        {
            var expertHardware = afd.ExpertHardware is { } name ? HardwareCatalog.FindDefault().Load(ResolveHardware(name, scenario.WorkloadBaseDirectory)) : hardware;
            setups.Add(AfdSetup.Create(scenario.Deployment.Pools[0], afd, model, precision, hardware, expertHardware, topology, scenario.Cluster, scenario.SourceFile));
            return (model, precision, hardware, topology, setups);
        }

        var next = 0;
        foreach (var pool in scenario.Deployment.Pools)
        {
            var role = scenario.Deployment.Mode == DeploymentMode.Colocated
                ? InstanceRole.Colocated
                : pool.Name == "prefill" ? InstanceRole.Prefill : InstanceRole.Decode;
            setups.Add(PoolSetup.Create(pool, role, model, precision, hardware, topology, scenario.Cluster, next, scenario.SourceFile));
            next += pool.Instances * pool.AcceleratorsPerInstance;
        }

        return (model, precision, hardware, topology, setups);
    }

    /// <summary>Builds the live cluster for a run with the built-in scheduler catalog.</summary>
    public static BuiltCluster Build(Scenario scenario, IServingObserver observer, IRequestSource source, ILogger? logger = null) =>
        Build(scenario, observer, source, new SchedulerCatalog(), logger);

    /// <summary>
    /// Builds the live cluster for a run, taking policies, routers and admission from <paramref name="catalog"/>;
    /// <paramref name="logger"/> receives expert re-placements.
    /// </summary>
    public static BuiltCluster Build(Scenario scenario, IServingObserver observer, IRequestSource source, SchedulerCatalog catalog, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var (model, precision, hardware, topology, setups) = Resolve(scenario);
        var simulation = new Simulation(scenario.Seed);
        var arrivalsEnd = SimTime.Zero + scenario.Simulation.Duration;
        var cluster = new ServingCluster(simulation, source, arrivalsEnd, observer);
        var policyContext = new PolicyContext(scenario.Slo.TtftMs, scenario.Slo.TpotMs);
        var roofline = new RooflineModel(hardware);
        var hashBlockTokens = PrefixHashBlockTokens(scenario);
        var pools = new List<ServingPool>();
        var routers = new List<IReadOnlyList<ExpertRouter>>();
        foreach (var setup in setups)
        {
            var poolRouters = new List<ExpertRouter>();
            routers.Add(poolRouters);
            var section = setup.Section;
            if (hashBlockTokens > 0 && hashBlockTokens % section.KvBlockTokens != 0)
            {
                throw new InputException(scenario.SourceFile, $"deployment.{section.Name}.kv_block_tokens", $"{section.KvBlockTokens} must divide the trace's {hashBlockTokens}-token prefix blocks for prefix caching, or set scheduler.prefix_caching: false");
            }

            var instances = new List<ServingInstance>();
            for (var i = 0; i < section.Instances; i++)
            {
                var ranks = new AttentionRank[section.AttentionDp];
                for (var r = 0; r < ranks.Length; r++)
                {
                    var kv = new PagedKvCache(setup.Memory.KvBlocksPerRank, section.KvBlockTokens, hashBlockTokens, section.MaxRunningRequests);
                    ranks[r] = new AttentionRank(r, kv, section.MaxRunningRequests, setup.Role == InstanceRole.Decode);
                }

                var pricer = CreatePricer(scenario, setup, roofline, simulation, $"{section.Name}.{i}", logger, poolRouters);
                if (poolRouters.Count == i + 1)
                {
                    var (poolName, index) = (section.Name, i);
                    poolRouters[i].Rebalanced = (at, detail) =>
                        observer.OnClusterEvent(new ClusterEvent(ClusterEventKind.Rebalance, at, poolName, index, "expert rebalance", detail));
                }

                instances.Add(new ServingInstance(
                    i,
                    section.Name,
                    setup.Role,
                    ranks,
                    catalog.CreatePolicy(scenario.Scheduler.Policy, policyContext),
                    pricer,
                    section.MaxBatchTokens,
                    new SpeculativeDecoding(scenario.Scheduler.DraftTokens, scenario.Scheduler.AcceptanceRate),
                    simulation,
                    cluster,
                    scenario.Simulation.Fidelity == Fidelity.Layer));
            }

            // Instance indices are per pool; requests.csv names the decode instance and the prefill instance apart.
            pools.Add(new ServingPool(section.Name, setup.Role, instances, catalog.CreateRouter(scenario.Scheduler.Router, new RouterContext(scenario.Seed, section.Name)), section.AcceleratorsPerInstance));
        }

        if (pools.Count == 2)
        {
            // KV transfers are flows on one live fabric shared by the whole cluster, so transfers out of one NIC contend.
            var transfers = new KvTransferFabric(
                simulation,
                topology,
                FabricFactory.LinkModelOf(scenario.Cluster),
                new ModelMemory(model, precision),
                new KvEndpoints(setups[0].FirstAccelerators, setups[0].Plan.AttentionTensorParallel),
                new KvEndpoints(setups[1].FirstAccelerators, setups[1].Plan.AttentionTensorParallel));
            cluster.Configure(pools[0], pools[1], transfers);
        }
        else
        {
            cluster.Configure(pools[0], null, (IKvTransport?)null);
        }

        cluster.Admission = catalog.CreateAdmission(scenario.Scheduler.Admission);

        return new BuiltCluster(simulation, cluster, setups, model, hardware, topology) { ExpertRouters = routers };
    }

    private static IStepPricer CreatePricer(Scenario scenario, PoolSetup setup, RooflineModel roofline, Simulation simulation, string name, ILogger? logger, List<ExpertRouter> routers)
    {
        var section = setup.Section;
        ExpertRouter? router = null;
        if (setup.Costs.Model.Moe is not null)
        {
            router = ExpertRouterFactory.Create(scenario, setup, simulation, name, logger);
            routers.Add(router);
        }

        var samples = ExpertRouterFactory.SamplesPerStep(scenario, setup.Costs.Model);
        if (setup.Afd is { } afd)
        {
            var afdDedup = DispatchBytesFactor(scenario, setup.Costs.Model.Moe!, afd.Section.ExpertAccelerators);
            var options = new AfdPricerOptions(afd.Section.MicroBatches, section.CudaGraphs, samples, afdDedup);
            var expertRoofline = ReferenceEquals(afd.ExpertHardware, roofline.Spec) ? roofline : new RooflineModel(afd.ExpertHardware);
            return new AfdStepPricer(setup.Costs, roofline, expertRoofline, setup.Communication, afd.Communication, router!, options);
        }

        var epGroups = Math.Max(1, section.AcceleratorsPerInstance / setup.Plan.ExpertParallel);
        var dedup = setup.Costs.Model.Moe is { } m ? DispatchBytesFactor(scenario, m, setup.Plan.ExpertParallel) : 1.0;
        var stepOptions = new StepPricerOptions(section.MicroBatches, section.CudaGraphs, scenario.Scheduler.DraftTokens, samples, epGroups, dedup);
        return new StepPricer(setup.Costs, roofline, setup.Communication, stepOptions, router);
    }

    /// <summary>
    /// Hierarchical (DeepEP normal-mode) routing sends a token once per remote node however many of its experts live
    /// there: the wire carries (expected distinct nodes / k) of the token copies.
    /// </summary>
    private static double DispatchBytesFactor(Scenario scenario, MoeConfig moe, int expertRanks)
    {
        if (scenario.Cluster.Routing != "hierarchical")
        {
            return 1;
        }

        var nodes = Math.Max(1, expertRanks / scenario.Cluster.AcceleratorsPerNode);
        var distinct = ExpertPlacementMath.ExpectedDistinctGroups(moe.RoutedExperts, moe.ExpertsPerToken, nodes);
        if (scenario.ExpertsOrDefault.Routing.GroupLimited && moe.ExpertGroups > 1)
        {
            // Group-limited routing caps the nodes a token reaches when groups map onto nodes (DeepSeek's M = 4).
            distinct = Math.Min(distinct, moe.GroupsPerToken * Math.Max(1.0, (double)nodes / moe.ExpertGroups));
        }

        return distinct / moe.ExpertsPerToken;
    }

    private static string ResolveHardware(string nameOrPath, string baseDirectory)
    {
        var relative = Path.Combine(baseDirectory, nameOrPath);
        return File.Exists(relative) ? Path.GetFullPath(relative) : nameOrPath;
    }

    private static int PrefixHashBlockTokens(Scenario scenario) =>
        scenario.Scheduler.PrefixCaching && scenario.Workload is TraceWorkloadSpec { Format: TraceFormat.Mooncake }
            ? RequestArrival.PrefixBlockTokens
            : 0;

    private static ModelPrecision ApplyOverrides(ModelPrecision precision, PrecisionOverrides o) => precision with
    {
        Weights = o.Weights ?? precision.Weights,
        ExpertWeights = o.Weights ?? precision.ExpertWeights,
        KvCache = o.KvCache ?? precision.KvCache,
        Activations = o.Activations ?? precision.Activations,
        Dispatch = o.Dispatch ?? precision.Dispatch,
        Combine = o.Combine ?? precision.Combine,
    };
}
