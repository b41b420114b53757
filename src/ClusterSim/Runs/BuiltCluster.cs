using ClusterSim.Engine;
using ClusterSim.Experts;
using ClusterSim.Fabric;
using ClusterSim.Hardware;
using ClusterSim.Kernels;
using ClusterSim.Models;
using ClusterSim.Planning;
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
/// A deployment plan turned into live simulation entities: the engine, the pools of instances with their ranks, KV caches
/// and pricers, and the cluster driver fed by the workload. Built once per run; the path of data goes one way.
/// </summary>
public sealed class BuiltCluster
{
    private BuiltCluster(DeploymentPlan plan, Simulation simulation, ServingCluster cluster)
    {
        Plan = plan;
        Simulation = simulation;
        Cluster = cluster;
    }

    /// <summary>The deployment this cluster was built from.</summary>
    public DeploymentPlan Plan { get; }

    /// <summary>The engine.</summary>
    public Simulation Simulation { get; }

    /// <summary>The cluster driver.</summary>
    public ServingCluster Cluster { get; }

    /// <summary>Resolved pools, in deployment order.</summary>
    public IReadOnlyList<PoolPlan> Setups => Plan.Pools;

    /// <summary>The model served.</summary>
    public ModelArchitecture Model => Plan.Model;

    /// <summary>The accelerator kind.</summary>
    public AcceleratorSpec Hardware => Plan.Hardware;

    /// <summary>The fabric.</summary>
    public FabricTopology Topology => Plan.Topology;

    /// <summary>Each pool's expert routers (one per instance, empty for a dense model), in pool order.</summary>
    public IReadOnlyList<IReadOnlyList<ExpertRouter>> ExpertRouters { get; private init; } = [];

    /// <summary>Builds the live cluster for a run with the built-in scheduler catalog.</summary>
    public static BuiltCluster Build(DeploymentPlan plan, IServingObserver observer, IRequestSource source, ILogger? logger = null) =>
        Build(plan, observer, source, new SchedulerCatalog(), logger);

    /// <summary>
    /// Builds the live cluster for a run, taking policies, routers and admission from <paramref name="catalog"/>;
    /// <paramref name="logger"/> receives expert re-placements.
    /// </summary>
    public static BuiltCluster Build(DeploymentPlan plan, IServingObserver observer, IRequestSource source, SchedulerCatalog catalog, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(catalog);
        var (scenario, setups) = (plan.Scenario, plan.Pools);
        var simulation = new Simulation(scenario.Seed);
        var arrivalsEnd = SimTime.Zero + scenario.Simulation.Duration;
        var cluster = new ServingCluster(simulation, source, arrivalsEnd, observer);
        var policyContext = new PolicyContext(scenario.Slo.TtftMs, scenario.Slo.TpotMs);
        var roofline = new RooflineModel(plan.Hardware);
        var hashBlockTokens = plan.PrefixHashBlockTokens;
        var pools = new List<ServingPool>();
        var routers = new List<IReadOnlyList<ExpertRouter>>();
        foreach (var setup in setups)
        {
            var poolRouters = new List<ExpertRouter>();
            routers.Add(poolRouters);
            var section = setup.Section;

            // One popularity and one set of sampling tables for the pool's instances (46 MB at 1,024 GPUs otherwise).
            var sharedRouting = ExpertRouterFactory.Share(plan, setup);

            var instances = new List<ServingInstance>();
            // One GEMM pricer per pool: its memo of per-shape prices is then shared by the pool's instances (one thread).
            GemmPricer? poolGemms = null;
            // Likewise one memo of attention-side operator prices per rank's token counts.
            AttentionPhaseMemo? poolAttention = null;
            for (var i = 0; i < section.Instances; i++)
            {
                var ranks = new AttentionRank[section.AttentionDp];
                for (var r = 0; r < ranks.Length; r++)
                {
                    var kv = new PagedKvCache(setup.Memory.KvBlocksPerRank, section.KvBlockTokens, hashBlockTokens, section.MaxRunningRequests);
                    ranks[r] = new AttentionRank(r, kv, section.MaxRunningRequests, setup.Role == InstanceRole.Decode);
                }

                var pricer = CreatePricer(plan, setup, roofline, simulation, $"{section.Name}.{i}", logger, poolRouters, sharedRouting, ref poolGemms, ref poolAttention);
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
                plan.Topology,
                plan.LinkModel,
                new ModelMemory(plan.Model, plan.Precision),
                new KvEndpoints(setups[0].FirstAccelerators, setups[0].Plan.AttentionTensorParallel),
                new KvEndpoints(setups[1].FirstAccelerators, setups[1].Plan.AttentionTensorParallel));
            cluster.Configure(pools[0], pools[1], transfers);
        }
        else
        {
            cluster.Configure(pools[0], null, (IKvTransport?)null);
        }

        cluster.Admission = catalog.CreateAdmission(scenario.Scheduler.Admission);
        cluster.KvPreloaded = scenario.Workload.KvPreloaded == true;
        cluster.DecodeReservation = scenario.Scheduler.DecodeReservation;

        return new BuiltCluster(plan, simulation, cluster) { ExpertRouters = routers };
    }

    private static IStepPricer CreatePricer(DeploymentPlan plan, PoolPlan setup, RooflineModel roofline, Simulation simulation, string name, ILogger? logger, List<ExpertRouter> routers, SharedExpertRouting? sharedRouting, ref GemmPricer? poolGemms, ref AttentionPhaseMemo? poolAttention)
    {
        var scenario = plan.Scenario;
        var section = setup.Section;
        ExpertRouter? router = null;
        if (setup.Costs.Model.Moe is not null)
        {
            router = ExpertRouterFactory.Create(plan, setup, simulation, name, logger, sharedRouting);
            routers.Add(router);
        }

        var samples = ExpertRouterFactory.SamplesPerStep(scenario, setup.Costs.Model);
        if (setup.Afd is { } afd)
        {
            var options = new AfdPricerOptions(afd.Section.MicroBatches, section.CudaGraphs, samples);
            var expertRoofline = ReferenceEquals(afd.ExpertHardware, roofline.Spec) ? roofline : new RooflineModel(afd.ExpertHardware);
            return new AfdStepPricer(setup.Costs, roofline, expertRoofline, setup.Communication, afd.Communication, router!, options) { Engine = plan.Engine };
        }

        var epGroups = Math.Max(1, section.AcceleratorsPerInstance / setup.Plan.ExpertParallel);
        var stretch = setup.AllToAll.ComputeStretch(roofline.Spec);
        var masked = setup.AllToAll.Routing == CollectiveRouting.Rdma;
        // DeepEP's kernel families: hierarchical routing is its normal kernels, RDMA routing its low-latency kernels.
        var family = setup.AllToAll.Routing switch
        {
            CollectiveRouting.Rdma => AllToAllKernels.LowLatency,
            CollectiveRouting.Hierarchical => AllToAllKernels.Normal,
            _ => AllToAllKernels.None,
        };
        poolGemms ??= new GemmPricer(roofline.Spec, plan.Kernels, masked);
        poolAttention ??= new AttentionPhaseMemo(AttentionPhaseMemo.PoolDecodeSlots, AttentionPhaseMemo.PoolPrefillSlots);
        var stepOptions = new StepPricerOptions(section.MicroBatches, section.CudaGraphs, scenario.Scheduler.DraftTokens, samples, epGroups, stretch, plan.Kernels, masked, family) { Gemms = poolGemms, AttentionMemo = poolAttention };
        return new StepPricer(setup.Costs, roofline, setup.Communication, stepOptions, router) { Engine = plan.Engine };
    }
}
