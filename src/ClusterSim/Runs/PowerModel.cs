namespace ClusterSim.Runs;

/// <summary>
/// How busy an accelerator's board is in each kind of step time: the activity weights of the power model
/// P = P_idle + (P_max - P_idle) · activity (docs/modeling.md, "Power and energy"). Idle time has activity 0.
/// </summary>
/// <remarks>
/// The weights are the fraction of the idle-to-full-load span drawn while the step's critical path is in that state.
/// Compute-bound time runs the tensor cores flat out: full board power, 1 (assumed: TDP is what the board is built to
/// draw under a sustained compute-bound load). HBM-bound time: 0.3, read from a measurement: Ma et al., "The Illusion
/// of Power Capping in LLM Decode" (arXiv:2605.11999, May 2026) measure memory-bound decode on H200 at 137-300 W of a
/// 700 W board; with the loaded idle of about 140 W (nvidia-smi on H100, wilicc/gpu-burn issue 114, October 2024) the
/// top of that range is (300 - 140) / (700 - 140) = 0.29 of the span. Exposed communication: 0.3 (assumed: the
/// links and copy engines stream bytes from HBM while the SMs wait, as in HBM-bound time). Waiting for the slowest
/// rank: 0.1 (assumed: ranks spin at the barrier at low clocks).
/// </remarks>
public static class PowerModel
{
    /// <summary>Activity of compute-bound time (assumed, see the remarks).</summary>
    public const double ComputeActivity = 1.0;

    /// <summary>Activity of HBM-bound time (from Ma et al. 2026, see the remarks).</summary>
    public const double MemoryActivity = 0.3;

    /// <summary>Activity of exposed communication (assumed, see the remarks).</summary>
    public const double CommunicationActivity = 0.3;

    /// <summary>Activity while waiting for the slowest rank (assumed, see the remarks).</summary>
    public const double ImbalanceActivity = 0.1;

    /// <summary>
    /// Activity-weighted busy seconds of one pool: Σ over the four shares of weight × time, summed over its instances.
    /// Energy above idle is this times (P_max - P_idle) of one instance.
    /// </summary>
    public static double ActiveSeconds(double computeNs, double memoryNs, double communicationNs, double imbalanceNs) =>
        ((ComputeActivity * computeNs) + (MemoryActivity * memoryNs) + (CommunicationActivity * communicationNs) + (ImbalanceActivity * imbalanceNs)) / 1e9;
}
