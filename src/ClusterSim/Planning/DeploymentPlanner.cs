using ClusterSim.Experts;
using ClusterSim.Fabric;
using ClusterSim.Hardware;
using ClusterSim.Input;
using ClusterSim.Kernels;
using ClusterSim.Models;
using ClusterSim.Scenarios;
using ClusterSim.Serving;

namespace ClusterSim.Planning;

/// <summary>
/// Turns a scenario into a <see cref="DeploymentPlan"/>: names looked up in the catalog, formats applied, the fabric
/// built, every pool planned. Every "this deployment cannot work" error is raised here, with the numbers, as a one-line
/// <see cref="InputException"/> naming the scenario key at fault.
/// </summary>
public static class DeploymentPlanner
{
    /// <summary>Resolves <paramref name="scenario"/> against <paramref name="catalog"/>.</summary>
    /// <exception cref="InputException">An unknown name or a deployment that cannot work.</exception>
    public static DeploymentPlan Resolve(Scenario scenario, Catalog catalog)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(catalog);
        scenario = CalibrationApplier.ApplyTo(scenario);
        var file = scenario.SourceFile;
        var models = ModelCatalog.Of(catalog);
        var modelPath = models.PathOf(scenario.Model.Config, file, "model.config");
        var model = models.Load(scenario.Model.Config, file, "model.config");
        var precision = Precisions.Apply(model.Precision, scenario.Model.Precision);
        var hardwareCatalog = HardwareCatalog.Of(catalog);
        var hardware = CalibrationApplier.ApplyTo(hardwareCatalog.Load(scenario.Hardware.NameOrPath, file, "hardware"), scenario.Calibration);
        // DeepEP's low-latency kernels reach peers in the same node through the NICs, so those need building.
        var rdmaInsideDomain = scenario.Deployment.Pools.Any(p => ExpertAllToAll.RoutingOf(scenario, p) == CollectiveRouting.Rdma);
        var topology = new FabricTopology(FabricFactory.Create(hardware, scenario.Cluster, file, rdmaInsideDomain));
        var planned = scenario with { Model = scenario.Model with { Config = modelPath } };
        var histogram = ReadExpertHistogram(scenario, model);
        CheckExpertRouting(scenario, model);

        var pools = new List<PoolPlan>();
        if (scenario.Deployment is { Mode: DeploymentMode.Afd, Afd: { } afd })
        {
            var expertHardware = afd.ExpertHardware is { } name
                ? CalibrationApplier.ApplyTo(hardwareCatalog.Load(FileBesideScenario(name, scenario.WorkloadBaseDirectory), file, "deployment.experts.hardware"), scenario.Calibration)
                : hardware;
            var attention = scenario.Deployment.Pools[0];
            var allToAll = ExpertAllToAll.For(scenario, attention, model, afd.ExpertAccelerators, topology.DomainSize);
            pools.Add(AfdPoolPlanner.Create(attention, afd, model, precision, hardware, expertHardware, topology, scenario.Cluster, allToAll, file));
        }
        else
        {
            var next = 0;
            foreach (var section in scenario.Deployment.Pools)
            {
                var role = scenario.Deployment.Mode == DeploymentMode.Colocated
                    ? InstanceRole.Colocated
                    : section.Name == "prefill" ? InstanceRole.Prefill : InstanceRole.Decode;
                ExpertAllToAll.CheckSms(section, hardware, file);
                var allToAll = ExpertAllToAll.For(scenario, section, model, model.IsMoe ? section.Ep : 1, topology.DomainSize);
                pools.Add(PoolPlan.Create(section, role, model, precision, hardware, topology, scenario.Cluster, allToAll, next, file));
                next += section.Instances * section.AcceleratorsPerInstance;
            }
        }

        var engine = CalibrationApplier.ApplyTo(EngineCatalog.Load(catalog, scenario.Scheduler.Engine, file), scenario.Calibration);
        var plan = new DeploymentPlan(planned, model, precision, hardware, topology, pools, histogram) { Engine = engine, Kernels = KernelTables.OfCatalog(catalog, scenario.Hardware.NameOrPath) };
        CheckPrefixBlocks(plan);
        return plan;
    }

    private static ExpertHistogram? ReadExpertHistogram(Scenario scenario, ModelArchitecture model)
    {
        var routing = scenario.ExpertsOrDefault.Routing;
        if (model.Moe is not { } moe || routing.Popularity != PopularityKind.Empirical)
        {
            return null;
        }

        var histogram = ExpertHistogram.Read(routing.EmpiricalPath!);
        return histogram.Mismatch(moe.RoutedExperts, Math.Max(1, model.LayerCounts.Moe)) is { } problem
            ? throw new InputException(scenario.SourceFile, "experts.routing.path", problem)
            : histogram;
    }

    private static void CheckExpertRouting(Scenario scenario, ModelArchitecture model)
    {
        if (model.Moe is { } moe && scenario.ExpertsOrDefault.Routing.GroupLimited && (moe.ExpertGroups <= 1 || moe.GroupsPerToken >= moe.ExpertGroups))
        {
            throw new InputException(
                scenario.SourceFile,
                "experts.routing",
                $"group-limited routing needs the model's n_group > 1 and topk_group < n_group; {model.Name} has n_group {moe.ExpertGroups}, topk_group {moe.GroupsPerToken}");
        }
    }

    // Prefix caching matches the trace's hash blocks, so each pool's KV block must tile them.
    private static void CheckPrefixBlocks(DeploymentPlan plan)
    {
        var hashBlockTokens = plan.PrefixHashBlockTokens;
        foreach (var section in plan.Pools.Select(p => p.Section))
        {
            if (hashBlockTokens > 0 && hashBlockTokens % section.KvBlockTokens != 0)
            {
                throw new InputException(plan.Scenario.SourceFile, $"deployment.{section.Name}.kv_block_tokens", $"{section.KvBlockTokens} must divide the trace's {hashBlockTokens}-token prefix blocks for prefix caching, or set scheduler.prefix_caching: false");
            }
        }
    }

    private static string FileBesideScenario(string nameOrPath, string baseDirectory)
    {
        var relative = Path.Combine(baseDirectory, nameOrPath);
        return File.Exists(relative) ? Path.GetFullPath(relative) : nameOrPath;
    }
}
