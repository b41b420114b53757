using ClusterSim.Scheduling;

namespace ClusterSim.Serving;

/// <summary>
/// A step pricer that can also lay a priced step out stage by stage, for layer fidelity: the capability an instance
/// needs from its pricer to run steps as a sequence of stage events.
/// </summary>
public interface IStagePlanner
{
    /// <summary>
    /// Fills <paramref name="plan"/> with the stages of <paramref name="batch"/>, the step last priced by
    /// <see cref="IStepPricer.Price"/> (called once per step at layer fidelity).
    /// </summary>
    void PlanStages(StepBatch batch, StagePlan plan);
}
