using ClusterSim.Engine;
using ClusterSim.Engine.Random;
using ClusterSim.Experts;
using ClusterSim.Hardware;
using ClusterSim.Models;
using ClusterSim.Scenarios;
using Microsoft.Extensions.Logging;
using ClusterSim.Planning;

namespace ClusterSim.Runs;

/// <summary>Builds an instance's <see cref="ExpertRouter"/> from the scenario's <c>experts</c> section and the pool's plan.</summary>
public static class ExpertRouterFactory
{
    /// <summary>MoE layers sampled per step: the section's figure, or every MoE layer for "all".</summary>
    public static int SamplesPerStep(Scenario scenario, ModelArchitecture model)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(model);
        var samples = scenario.ExpertsOrDefault.SamplesPerStep;
        return samples > 0 ? samples : Math.Max(1, model.LayerCounts.Moe);
    }

    /// <summary>
    /// The router of instance <paramref name="name"/>. Popularity is drawn from a stream named for the scenario, not
    /// the instance, so every instance sees the same hot experts (they serve the same model and traffic); each
    /// instance samples its tokens from its own stream.
    /// </summary>
    public static ExpertRouter Create(DeploymentPlan plan, PoolPlan setup, Simulation simulation, string name, ILogger? logger) =>
        Create(plan, setup, simulation, name, logger, null);

    /// <summary>
    /// The router of instance <paramref name="name"/>, taking its popularity and sampling tables from
    /// <paramref name="shared"/> (from <see cref="Share"/>, one per pool and run) when given.
    /// </summary>
    public static ExpertRouter Create(DeploymentPlan plan, PoolPlan setup, Simulation simulation, string name, ILogger? logger, SharedExpertRouting? shared)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(setup);
        ArgumentNullException.ThrowIfNull(simulation);
        var scenario = plan.Scenario;
        var model = setup.Costs.Model;
        var moe = model.Moe ?? throw new ArgumentException($"{model.Name} has no experts", nameof(setup));
        var spec = scenario.ExpertsOrDefault;
        var placement = spec.PlacementFor(setup.Plan.RedundantExpertSlots);
        var (popularity, tables) = shared is null ? (CreatePopularity(plan, setup), CreateTables(plan, setup)) : (shared.Popularity, shared.Tables);
        var sampler = new RoutingSampler(moe.ExpertsPerToken, tables, simulation.Random.Get($"{name}.routing"));
        var bytesPerReplica = new ModelMemory(model, setup.Costs.Precision).Parameters.RoutedExpert * setup.Costs.Precision.ExpertWeights.BytesPerElement();
        var migration = MigrationCost(setup, bytesPerReplica);
        return new ExpertRouter(
            popularity,
            sampler,
            placement,
            spec.Rebalance,
            setup.Plan.ExpertParallel,
            Math.Max(1, setup.Costs.ExpertsPerRank),
            migration,
            () => simulation.Now,
            logger,
            name,
            EplbProfile(spec, placement, moe, scenario.Seed));
    }

    /// <summary>
    /// What every instance of <paramref name="setup"/>'s pool can share in one run: the popularity and the sampling
    /// tables, when popularity does not drift (they are the same for every instance: the popularity stream is named
    /// for the scenario); null for a dense model or drifting popularity. Sharing changes no draw.
    /// </summary>
    public static SharedExpertRouting? Share(DeploymentPlan plan, PoolPlan setup)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(setup);
        if (setup.Costs.Model.Moe is null || plan.Scenario.ExpertsOrDefault.Routing.Drift != DriftKind.None)
        {
            return null;
        }

        return new SharedExpertRouting(CreatePopularity(plan, setup), CreateTables(plan, setup));
    }

    private static ExpertPopularity CreatePopularity(DeploymentPlan plan, PoolPlan setup)
    {
        var model = setup.Costs.Model;
        var spec = plan.Scenario.ExpertsOrDefault;
        return ExpertPopularity.Create(spec.Routing, model.Moe!.RoutedExperts, Math.Max(1, model.LayerCounts.Moe), RandomStream.ForComponent(plan.Scenario.Seed, "experts.popularity"), plan.Experts);
    }

    private static RoutingTables CreateTables(DeploymentPlan plan, PoolPlan setup)
    {
        var model = setup.Costs.Model;
        var moe = model.Moe!;
        var spec = plan.Scenario.ExpertsOrDefault;

        // The planner refused group-limited routing for a model without usable groups.
        var (groups, groupsPerToken) = spec.Routing.GroupLimited ? (moe.ExpertGroups, moe.GroupsPerToken) : (1, 1);
        return new RoutingTables(moe.RoutedExperts, groups, groupsPerToken, Math.Max(1, model.LayerCounts.Moe));
    }

    /// <summary>
    /// The offline profile an EPLB placement is planned from: a finite window of tokens drawn from a stream named for
    /// the scenario, so every instance (and pool) deploys the same profile, as one EPLB configuration would be; null
    /// (the exact popularity) for contiguous placement or <c>eplb_window_tokens: exact</c>.
    /// </summary>
    private static EplbLoadProfile? EplbProfile(ExpertsSpec spec, PlacementKind placement, MoeConfig moe, ulong seed) =>
        placement == PlacementKind.Eplb && spec.EplbWindowTokens > 0
            ? new EplbLoadProfile(spec.EplbWindowTokens, moe.ExpertsPerToken, moe.RoutedExperts, RandomStream.ForComponent(seed, "experts.eplb_window"))
            : null;

    /// <summary>
    /// Weights move among the EP ranks over the same paths as the all-to-all (scale-up inside a node, the NICs across
    /// nodes), so the calibrated all-to-all line prices the bytes the busiest rank receives. In AFD the expert ranks
    /// exchange weights among themselves, priced by their own all-to-all line.
    /// </summary>
    private static ExpertMigrationCost MigrationCost(PoolPlan setup, double bytesPerReplica)
    {
        if (setup.Afd is { } afd)
        {
            return new ExpertMigrationCost(bytesPerReplica, afd.ExpertAllToAll.AllToAllAlphaNs, afd.ExpertAllToAll.AllToAllNsPerByte);
        }

        return new ExpertMigrationCost(bytesPerReplica, setup.Communication.AllToAllAlphaNs, setup.Communication.AllToAllNsPerByte);
    }
}

/// <summary>The popularity and sampling tables the instances of one pool share in one run (<see cref="ExpertRouterFactory.Share"/>).</summary>
/// <param name="Popularity">The pool's expert popularity (fixed: no drift).</param>
/// <param name="Tables">The per-layer sampling tables.</param>
public sealed record SharedExpertRouting(ExpertPopularity Popularity, RoutingTables Tables);
