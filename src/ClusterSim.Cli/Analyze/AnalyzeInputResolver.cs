using ClusterSim.Cli.Commands;
using ClusterSim.Hardware;
using ClusterSim.Input;
using ClusterSim.Fabric;
using ClusterSim.Kernels;
using ClusterSim.Models;
using ClusterSim.Planning;
using ClusterSim.Scenarios;

namespace ClusterSim.Cli.Analyze;

/// <summary>
/// Turns `analyze` arguments into <see cref="AnalyzeInputs"/>. With --scenario the deployment comes from the scenario's
/// <see cref="DeploymentPlan"/> (the same resolution `run` uses: names, precision overrides, the fabric's scale-up
/// domain); --model and --hardware are catalog names, exact or refused, like everywhere else.
/// </summary>
/// <param name="catalog">Where names are looked up.</param>
internal sealed class AnalyzeInputResolver(Catalog catalog)
{
    private const string Verb = "clustersim analyze";

    /// <summary>Resolves the arguments; unknown names and bad scenarios throw user errors (exit 2).</summary>
    public AnalyzeInputs Resolve(AnalyzeArguments arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var plan = arguments.ScenarioFile is { } file ? DeploymentPlanner.Resolve(ScenarioReader.Load(file), catalog) : null;

        var model = arguments.Model is { } modelName ? ModelCatalog.Of(catalog).Load(modelName, Verb, "--model") : plan!.Model;
        var modelSource = arguments.Model ?? model.Name;
        var hardwareSource = arguments.Hardware ?? plan!.Scenario.Hardware.NameOrPath;
        var hardware = arguments.Hardware is { } hardwareName ? HardwareCatalog.Of(catalog).Load(hardwareName, Verb, "--hardware") : plan!.Hardware;

        // A model named on the command line keeps its own formats; the scenario's overrides apply to the scenario's model.
        var precision = plan is null ? model.Precision : Precisions.Apply(model.Precision, plan.Scenario.Model.Precision);
        var deployment = plan is null ? AnalyzeDeployment.DefaultFor(model) : FromPlan(plan, model);
        try
        {
            deployment.Plan.Validate(model);
        }
        catch (ArgumentException e)
        {
            throw new UserErrorException($"{Verb}: the deployment ({deployment.Source}) does not fit {model.Name}: {e.Message}", e);
        }

        return new AnalyzeInputs(
            model,
            modelSource,
            precision,
            hardware,
            hardwareSource,
            arguments.ScenarioFile,
            deployment,
            arguments.Batches.Count > 0 ? arguments.Batches.Distinct().Order().ToArray() : AnalyzeInputs.DefaultBatches,
            arguments.Contexts.Count > 0 ? arguments.Contexts.Distinct().Order().ToArray() : AnalyzeInputs.DefaultContexts)
        {
            Kernels = arguments.Hardware is { } name ? KernelTables.OfCatalog(catalog, name) : plan!.Kernels,
        };
    }

    // The scenario's decode pool is the one whose batch, capacity and step time the analysis describes; its all-to-all
    // stays on scale-up links when the instance fits the cluster's scale-up domain as the fabric was built.
    private static AnalyzeDeployment FromPlan(DeploymentPlan plan, ModelArchitecture model)
    {
        var pool = plan.Scenario.Deployment.Pools.FirstOrDefault(p => p.Name == "decode") ?? plan.Scenario.Deployment.Pools[0];
        return new AnalyzeDeployment(
            $"scenario {Path.GetFileName(plan.Scenario.SourceFile)}, pool {pool.Name}",
            pool.AcceleratorsPerInstance,
            pool.AttentionTp,
            pool.AttentionDp,
            model.IsMoe ? pool.Ep : 1,
            model.IsMoe ? pool.RedundantExperts : 0)
        {
            ScaleUpDomain = plan.ScaleUpDomain,
            AllToAll = ExpertAllToAll.RoutingOf(plan.Scenario, pool) switch
            {
                CollectiveRouting.Rdma => AllToAllKernels.LowLatency,
                CollectiveRouting.Hierarchical => AllToAllKernels.Normal,
                _ => AllToAllKernels.None,
            },
        };
    }
}
