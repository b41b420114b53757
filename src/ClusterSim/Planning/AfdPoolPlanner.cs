using System.Globalization;
using ClusterSim.Fabric;
using ClusterSim.Hardware;
using ClusterSim.Models;
using ClusterSim.Scenarios;
using ClusterSim.Serving;
using ClusterSim.Input;

namespace ClusterSim.Planning;

/// <summary>The expert side of an AFD pool, resolved: hardware, where each instance's expert ranks sit, transfer costs and memory.</summary>
/// <param name="Section">The scenario's AFD section.</param>
/// <param name="ExpertHardware">Accelerator kind of the expert ranks.</param>
/// <param name="FirstExpertAccelerators">First expert accelerator of each instance.</param>
/// <param name="Communication">Calibrated M-to-N and N-to-M transfer lines.</param>
/// <param name="ExpertWeightBytes">Routed-expert weights held by one expert accelerator (all MoE layers, redundant slots included).</param>
/// <param name="ExpertAllToAll">Calibrated all-to-all among one instance's expert ranks (prices weight migration).</param>
public sealed record AfdPoolPlan(
    AfdSection Section,
    AcceleratorSpec ExpertHardware,
    int[] FirstExpertAccelerators,
    AfdCommunication Communication,
    double ExpertWeightBytes,
    CommunicationCosts ExpertAllToAll);

/// <summary>
/// Resolves an AFD deployment: the attention pool's plan, memory and collectives, and each instance's expert ranks.
/// Accelerators are laid out attention pool first (instance after instance), then the expert ranks of instance 0, 1, ...
/// </summary>
public static class AfdPoolPlanner
{
    /// <summary>Resolves the pool; throws <see cref="InputException"/> for anything infeasible.</summary>
    public static PoolPlan Create(
        PoolSection attention,
        AfdSection afd,
        ModelArchitecture model,
        ModelPrecision precision,
        AcceleratorSpec hardware,
        AcceleratorSpec expertHardware,
        FabricTopology topology,
        ClusterSection cluster,
        ExpertAllToAll allToAll,
        string scenarioFile)
    {
        ArgumentNullException.ThrowIfNull(attention);
        ArgumentNullException.ThrowIfNull(afd);
        ArgumentNullException.ThrowIfNull(model);
        if (model.Moe is not { } moe)
        {
            throw new InputException(scenarioFile, "deployment.mode", $"afd needs a mixture-of-experts model; {model.Name} is dense");
        }

        var plan = new ParallelPlan(attention.AttentionTp, attention.AttentionDp, afd.ExpertAccelerators, 1, 0, afd.RedundantExperts);
        try
        {
            plan.Validate(model);
        }
        catch (ArgumentException e)
        {
            throw new InputException(scenarioFile, "deployment", e.Message, e);
        }

        if ((moe.RoutedExperts + afd.RedundantExperts) % afd.ExpertAccelerators != 0)
        {
            throw new InputException(
                scenarioFile,
                "deployment.experts.accelerators_per_instance",
                $"{afd.ExpertAccelerators} does not divide the {moe.RoutedExperts} experts + {afd.RedundantExperts} redundant slots evenly; choose a divisor of {moe.RoutedExperts + afd.RedundantExperts}");
        }

        var costs = new OperatorCostModel(model, plan, precision);
        var memory = new ModelMemory(model, precision);
        var device = memory.PerDevice(plan);
        var attentionMemory = AttentionMemory(memory, device, hardware, attention, scenarioFile);
        var expertBudget = expertHardware.Hbm.Capacity.Value.Bytes * attention.KvMemoryFraction;
        if (device.RoutedExpertWeightBytes > expertBudget)
        {
            throw new InputException(
                scenarioFile,
                "deployment.experts.accelerators_per_instance",
                string.Create(CultureInfo.InvariantCulture, $"{plan.ExpertsPerRank(moe)} expert slots × {model.LayerCounts.Moe} MoE layers = {device.RoutedExpertWeightBytes / 1e9:0.##} GB per expert accelerator exceed {expertBudget / 1e9:0.##} GB ({expertHardware.Name}); use more expert accelerators or lower-precision expert weights"));
        }

        var perInstance = attention.AcceleratorsPerInstance;
        var attentionFirsts = Enumerable.Range(0, attention.Instances).Select(i => i * perInstance).ToArray();
        var expertFirsts = Enumerable.Range(0, attention.Instances).Select(i => (attention.Instances * perInstance) + (i * afd.ExpertAccelerators)).ToArray();
        var linkModel = cluster.LinkModel;
        var attentionComm = CommunicationCalibration.Calibrate(topology, 0, 1, plan.AttentionTensorParallel, linkModel, allToAll);
        var afdComm = Calibrate(
            topology,
            Enumerable.Range(0, perInstance).Where(r => r % plan.AttentionTensorParallel == 0).ToArray(),
            Enumerable.Range(expertFirsts[0], afd.ExpertAccelerators).ToArray(),
            linkModel,
            allToAll);
        var expertAllToAll = CommunicationCalibration.Calibrate(topology, expertFirsts[0], afd.ExpertAccelerators, 1, linkModel, ExpertAllToAll.Plain(allToAll.Routing));
        var expertSide = new AfdPoolPlan(afd, expertHardware, expertFirsts, afdComm, device.RoutedExpertWeightBytes, expertAllToAll);
        return new PoolPlan(attention, InstanceRole.Colocated, plan, costs, attentionMemory, attentionComm, attentionFirsts, expertSide) { AllToAll = allToAll };
    }

    /// <summary>
    /// Calibrates the per-layer transfers between <paramref name="attentionRanks"/> (one sender per DP rank) and
    /// <paramref name="expertRanks"/> on the fabric model: a uniform pattern at 1 MB and 64 MB per attention rank.
    /// </summary>
    public static AfdCommunication Calibrate(FabricTopology topology, int[] attentionRanks, int[] expertRanks, LinkModel linkModel, ExpertAllToAll allToAll)
    {
        ArgumentNullException.ThrowIfNull(attentionRanks);
        ArgumentNullException.ThrowIfNull(expertRanks);
        ArgumentNullException.ThrowIfNull(allToAll);
        var pricer = new CollectivePricer(topology);
        var m = attentionRanks.Length;
        var n = expertRanks.Length;
        double Dispatch(double perAttentionRank)
        {
            var bytes = new double[m * n];
            for (var i = 0; i < m; i++)
            {
                for (var j = 0; j < n; j++)
                {
                    bytes[(i * n) + j] = allToAll.PairBytes(topology, attentionRanks[i], expertRanks[j], perAttentionRank / n);
                }
            }

            return pricer.Price(Collectives.ManyToMany(topology, attentionRanks, expertRanks, bytes, allToAll.Routing), linkModel).Duration.Nanoseconds;
        }

        double Combine(double perAttentionRank)
        {
            var bytes = new double[n * m];
            for (var i = 0; i < n; i++)
            {
                for (var j = 0; j < m; j++)
                {
                    bytes[(i * m) + j] = allToAll.PairBytes(topology, expertRanks[i], attentionRanks[j], perAttentionRank / n);
                }
            }

            return pricer.Price(Collectives.ManyToMany(topology, expertRanks, attentionRanks, bytes, allToAll.Routing), linkModel).Duration.Nanoseconds;
        }

        var (dAlpha, dSlope) = CommunicationCalibration.Fit(Dispatch);
        var (cAlpha, cSlope) = CommunicationCalibration.Fit(Combine);
        return new AfdCommunication(dAlpha, dSlope, cAlpha, cSlope, m, n);
    }

    private static PoolMemoryPlan AttentionMemory(ModelMemory memory, DeviceMemory device, AcceleratorSpec hardware, PoolSection pool, string scenarioFile)
    {
        // The attention side holds everything but the routed experts (router and shared experts stay with attention).
        var weights = device.WeightBytes - device.RoutedExpertWeightBytes;
        var hbm = hardware.Hbm.Capacity.Value.Bytes;
        var budget = hbm * pool.KvMemoryFraction;
        var workspace = memory.ActivationBytesPerToken * pool.MaxBatchTokens;
        var kv = budget - weights - workspace;
        if (kv <= 0)
        {
            throw new InputException(
                scenarioFile,
                "deployment.attention",
                string.Create(CultureInfo.InvariantCulture, $"attention weights {weights / 1e9:0.##} GB + workspace {workspace / 1e9:0.##} GB per accelerator exceed kv_memory_fraction × HBM = {budget / 1e9:0.##} GB; raise attention tp or lower max_batch_tokens"));
        }

        var blocks = Scheduling.KvCache.PagedKvCache.BlocksFor(kv, pool.KvBlockTokens, device.KvBytesPerToken);
        if (blocks < 1)
        {
            throw new InputException(scenarioFile, "deployment.attention.kv_block_tokens", $"not even one KV block of {pool.KvBlockTokens} tokens fits");
        }

        return new PoolMemoryPlan(hbm, budget, weights, workspace, kv, device.KvBytesPerToken, blocks);
    }
}
