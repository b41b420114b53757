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

    /// <summary>Resolves model, hardware, fabric and pools; throws <see cref="ScenarioFileException"/> for anything infeasible.</summary>
    public static (ModelArchitecture Model, ModelPrecision Precision, AcceleratorSpec Hardware, FabricTopology Topology, IReadOnlyList<PoolSetup> Pools) Resolve(Scenario scenario)
    {
        var model = ModelConfigReader.ReadFile(scenario.Model.ConfigPath);
        var precision = ApplyOverrides(model.Precision, scenario.Model.Precision);
        var hardware = HardwareCatalog.FindDefault().Load(scenario.Hardware.NameOrPath);
        var topology = new FabricTopology(FabricFactory.Create(hardware, scenario.Cluster, scenario.SourceFile));
        var setups = new List<PoolSetup>();
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
    public static BuiltCluster Build(Scenario scenario, IServingObserver observer, IRequestSource source) =>
        Build(scenario, observer, source, new SchedulerCatalog());

    /// <summary>Builds the live cluster for a run, taking policies, routers and admission from <paramref name="catalog"/>.</summary>
    public static BuiltCluster Build(Scenario scenario, IServingObserver observer, IRequestSource source, SchedulerCatalog catalog)
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
        foreach (var setup in setups)
        {
            var section = setup.Section;
            if (hashBlockTokens > 0 && hashBlockTokens % section.KvBlockTokens != 0)
            {
                throw new ScenarioFileException(scenario.SourceFile, $"deployment.{section.Name}.kv_block_tokens", $"{section.KvBlockTokens} must divide the trace's {hashBlockTokens}-token prefix blocks for prefix caching, or set scheduler.prefix_caching: false");
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

                var pricer = CreatePricer(scenario, setup, roofline, simulation, $"{section.Name}.{i}");
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
            var transfer = new FabricKvTransferPricer(topology, new ModelMemory(model, precision), setups[0].FirstAccelerators, setups[1].FirstAccelerators);
            cluster.Configure(pools[0], pools[1], transfer);
        }
        else
        {
            cluster.Configure(pools[0], null, null);
        }

        cluster.Admission = catalog.CreateAdmission(scenario.Scheduler.Admission);

        return new BuiltCluster(simulation, cluster, setups, model, hardware, topology);
    }

    private static StepPricer CreatePricer(Scenario scenario, PoolSetup setup, RooflineModel roofline, Simulation simulation, string name)
    {
        var section = setup.Section;
        ExpertLoadSampler? routing = null;
        if (setup.Costs.Model.Moe is { } moe)
        {
            routing = ExpertLoadSampler.Uniform(moe.RoutedExperts, moe.ExpertsPerToken, simulation.Random.Get($"{name}.routing"));
        }

        var epGroups = Math.Max(1, section.AcceleratorsPerInstance / setup.Plan.ExpertParallel);
        var dedup = 1.0;
        if (setup.Costs.Model.Moe is { } m && scenario.Cluster.Routing == "hierarchical")
        {
            var nodes = Math.Max(1, setup.Plan.ExpertParallel / scenario.Cluster.AcceleratorsPerNode);
            dedup = ExpertPlacementMath.ExpectedDistinctGroups(m.RoutedExperts, m.ExpertsPerToken, nodes) / m.ExpertsPerToken;
        }

        var options = new StepPricerOptions(section.MicroBatches, section.CudaGraphs, scenario.Scheduler.DraftTokens, RoutingSamplesPerStep: 2, epGroups, dedup);
        return new StepPricer(setup.Costs, roofline, setup.Communication, routing, options);
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
