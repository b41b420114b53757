using ClusterSim.Engine;
using ClusterSim.Scheduling;

namespace ClusterSim.Serving;

/// <summary>
/// The priced duration of one step and how it divides among bounding resources, for bottleneck attribution.
/// </summary>
/// <remarks>
/// The shares add up to <see cref="Duration"/>: time on the critical path spent in compute-bound operators,
/// memory-bound operators, exposed communication, and waiting for the slowest rank (imbalance).
/// </remarks>
public struct StepCost
{
    /// <summary>Wall time of the step on the simulated cluster.</summary>
    public SimDuration Duration;

    /// <summary>Critical-path nanoseconds in operators bounded by compute.</summary>
    public double ComputeBoundNs;

    /// <summary>Critical-path nanoseconds in operators bounded by HBM bandwidth.</summary>
    public double MemoryBoundNs;

    /// <summary>Critical-path nanoseconds of communication not hidden behind compute.</summary>
    public double CommunicationNs;

    /// <summary>Critical-path nanoseconds the average rank waits for the slowest one (attention or experts).</summary>
    public double ImbalanceNs;

    /// <summary>Max/mean tokens per expert-parallel rank in the step's MoE layers (1 when balanced or dense).</summary>
    public double ExpertImbalance;

    /// <summary>Mean tokens per routed expert in the step's MoE layers (0 for a dense model).</summary>
    public double TokensPerExpert;

    /// <summary>Bytes sent over the fabric by the step (dispatch, combine, all-reduce).</summary>
    public double FabricBytes;

    /// <summary>FLOPs executed per accelerator on the critical rank, for utilisation.</summary>
    public double Flops;

    /// <summary>HBM bytes moved per accelerator on the critical rank, for utilisation.</summary>
    public double HbmBytes;

    /// <summary>Max/mean tokens per routed expert in the step's sampled MoE layers, before placement (1 when balanced or dense).</summary>
    public double ExpertLoadImbalance;

    /// <summary>Nanoseconds of this step spent waiting for expert weights to move after a re-placement (also in <see cref="CommunicationNs"/>).</summary>
    public double ExpertMigrationNs;

    /// <summary>Kernel nanoseconds of the step priced from exact kernel-table rows (summed over ranks, weighted by how often each operator runs).</summary>
    public double MeasuredKernelNs;

    /// <summary>Kernel nanoseconds interpolated between kernel-table rows (same weighting).</summary>
    public double InterpolatedKernelNs;

    /// <summary>Kernel nanoseconds priced by the GEMM tile model (same weighting).</summary>
    public double TileModelKernelNs;

    /// <summary>Kernel nanoseconds priced by the plain roofline with efficiency scalars (same weighting).</summary>
    public double RooflineKernelNs;

    /// <summary>Communication nanoseconds (dispatch, combine) priced from exact all-to-all table rows, before overlap, weighted by how often each runs.</summary>
    public double MeasuredCommunicationNs;

    /// <summary>Communication nanoseconds interpolated between all-to-all table rows (same weighting).</summary>
    public double InterpolatedCommunicationNs;

    /// <summary>Communication nanoseconds priced by the fabric's flow model (dispatch and combine without a table answer, all-reduces; same weighting).</summary>
    public double FlowCommunicationNs;
}

/// <summary>Prices a step of an instance: the physics behind the scheduler.</summary>
public interface IStepPricer
{
    /// <summary>Prices <paramref name="batch"/>; must not allocate (called once per step).</summary>
    void Price(StepBatch batch, ref StepCost cost);
}
