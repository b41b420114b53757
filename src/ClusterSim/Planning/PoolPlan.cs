using ClusterSim.Hardware;
using ClusterSim.Models;
using ClusterSim.Scenarios;
using ClusterSim.Serving;
using ClusterSim.Input;

namespace ClusterSim.Planning;

/// <summary>Everything resolved for one pool before the simulation starts: plan, memory, pricing inputs and placement.</summary>
/// <param name="Section">The pool's scenario section.</param>
/// <param name="Role">Its role.</param>
/// <param name="Plan">Its parallel plan.</param>
/// <param name="Costs">Operator costs under the plan.</param>
/// <param name="Memory">HBM plan and KV capacity.</param>
/// <param name="Communication">Calibrated collective costs.</param>
/// <param name="FirstAccelerators">First accelerator index of each instance (consecutive placement).</param>
/// <param name="Afd">The expert side when the pool is attention/FFN-disaggregated; null otherwise.</param>
public sealed record PoolPlan(
    PoolSection Section,
    InstanceRole Role,
    ParallelPlan Plan,
    OperatorCostModel Costs,
    PoolMemoryPlan Memory,
    CommunicationCosts Communication,
    int[] FirstAccelerators,
    AfdPoolPlan? Afd = null)
{
    /// <summary>How the pool's expert all-to-all crosses the fabric; already folded into <see cref="Communication"/>.</summary>
    public required ExpertAllToAll AllToAll { get; init; }

    /// <summary>Resolves a pool; <paramref name="firstAccelerator"/> is where its first instance starts.</summary>
    public static PoolPlan Create(
        PoolSection section,
        InstanceRole role,
        ModelArchitecture model,
        ModelPrecision precision,
        AcceleratorSpec hardware,
        Fabric.FabricTopology topology,
        ClusterSection cluster,
        ExpertAllToAll allToAll,
        int firstAccelerator,
        string scenarioFile)
    {
        var plan = new ParallelPlan(section.AttentionTp, section.AttentionDp, model.IsMoe ? section.Ep : 1, 1, 0, section.RedundantExperts);
        try
        {
            plan.Validate(model);
        }
        catch (ArgumentException e)
        {
            throw new InputException(scenarioFile, $"deployment.{section.Name}", e.Message, e);
        }

        if (model.Moe is { } moe && (moe.RoutedExperts + section.RedundantExperts) % plan.ExpertParallel != 0)
        {
            throw new InputException(
                scenarioFile,
                $"deployment.{section.Name}.experts.ep",
                $"{plan.ExpertParallel} does not divide the {moe.RoutedExperts} experts + {section.RedundantExperts} redundant slots evenly; choose ep dividing {moe.RoutedExperts + section.RedundantExperts} or change experts.redundant");
        }

        var costs = new OperatorCostModel(model, plan, precision);
        var memory = PoolMemoryPlan.Create(model, precision, plan, hardware, section, scenarioFile);
        var communication = CommunicationCalibration.Calibrate(
            topology, firstAccelerator, plan.ExpertParallel, plan.AttentionTensorParallel, cluster.LinkModel, allToAll);
        var firsts = Enumerable.Range(0, section.Instances).Select(i => firstAccelerator + (i * section.AcceleratorsPerInstance)).ToArray();
        return new PoolPlan(section, role, plan, costs, memory, communication, firsts) { AllToAll = allToAll };
    }
}
