namespace ClusterSim.Serving;

/// <summary>
/// The one rule that closes a step's bottleneck attribution: the four shares of <see cref="StepCost"/> are rescaled so
/// they add up to exactly the step's <see cref="StepCost.Duration"/>.
/// </summary>
/// <remarks>
/// The pricers already split a step's priced time by lane (see <c>StepPricer.Overlap</c> for two-batch overlap); what
/// is left is rounding the priced nanoseconds up to a whole duration, and at layer fidelity the events' own length.
/// Spreading that difference in proportion to the shares keeps their ratios and makes every step, every timeseries
/// bucket and every pool total add up to its busy time, so compute + memory + communication + imbalance + idle = 1.
/// </remarks>
public static class StepAttribution
{
    /// <summary>Scales the shares of <paramref name="cost"/> to sum to its duration (all to compute when none was priced).</summary>
    public static void FitToDuration(ref StepCost cost)
    {
        double duration = cost.Duration.Nanoseconds;
        var sum = cost.ComputeBoundNs + cost.MemoryBoundNs + cost.CommunicationNs + cost.ImbalanceNs;
        if (duration <= 0)
        {
            cost.ComputeBoundNs = cost.MemoryBoundNs = cost.CommunicationNs = cost.ImbalanceNs = 0;
            return;
        }

        if (sum <= 0)
        {
            // Nothing was attributed (an empty step): the time went to launching it, which is compute-side work.
            cost.ComputeBoundNs = duration;
            cost.MemoryBoundNs = cost.CommunicationNs = cost.ImbalanceNs = 0;
            return;
        }

        var scale = duration / sum;
        cost.ComputeBoundNs *= scale;
        cost.MemoryBoundNs *= scale;
        cost.CommunicationNs *= scale;
        cost.ImbalanceNs *= scale;
    }
}
