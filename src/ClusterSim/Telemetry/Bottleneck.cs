using System.Globalization;
using ClusterSim.Serving;

namespace ClusterSim.Telemetry;

/// <summary>Names the resource that bounded a step or a pool, in the words the console and trace use.</summary>
public static class Bottleneck
{
    /// <summary>"compute", "memory", "communication" or "imbalance": the largest share of the step's duration.</summary>
    public static string DominantOf(in StepCost cost)
    {
        var name = "compute";
        var best = cost.ComputeBoundNs;
        if (cost.MemoryBoundNs > best)
        {
            name = "memory";
            best = cost.MemoryBoundNs;
        }

        if (cost.CommunicationNs > best)
        {
            name = "communication";
            best = cost.CommunicationNs;
        }

        if (cost.ImbalanceNs > best)
        {
            name = "imbalance";
        }

        return name;
    }

    /// <summary>
    /// The console sentence for a pool, dominant resource first, e.g. "61% communication-bound (all-to-all on
    /// inter-node links), 20% memory-bound, ... of busy time; busy 80% of the run; mean batch 1552 tokens".
    /// </summary>
    /// <param name="pool">The pool's step statistics.</param>
    /// <param name="collective">The collective that carries the pool's communication (says whether it leaves the node).</param>
    /// <param name="simulatedNs">Length of the run in simulated nanoseconds, for the busy share.</param>
    public static string Sentence(PoolStepStatistics pool, CollectiveKind collective, double simulatedNs)
    {
        ArgumentNullException.ThrowIfNull(pool);
        if (pool.BusyNs <= 0)
        {
            return "idle for the whole run";
        }

        var shares = new (string Name, double Ns)[]
        {
            ("compute-bound", pool.ComputeBoundNs),
            ("memory-bound (HBM bandwidth)", pool.MemoryBoundNs),
            ("communication-bound (" + CommunicationKind(collective) + ")", pool.CommunicationNs),
            ("imbalance wait (ranks waiting for the slowest)", pool.ImbalanceNs),
        };
        var parts = shares.OrderByDescending(s => s.Ns).Where(s => s.Ns > 0)
            .Select(s => Percent(s.Ns / pool.BusyNs) + " " + s.Name);
        var total = simulatedNs * pool.Instances;
        var busy = total > 0 ? Math.Min(1, pool.BusyNs / total) : 1;
        return string.Join(", ", parts) + " of busy time; busy " + Percent(busy) + " of the run; mean batch "
            + pool.MeanBatchTokens.ToString("0", CultureInfo.InvariantCulture) + " tokens";
    }

    /// <summary>The words for a pool's dominant collective and its links.</summary>
    public static string CommunicationKind(CollectiveKind collective) => collective switch
    {
        CollectiveKind.InterNodeAllToAll => "all-to-all on inter-node links",
        CollectiveKind.IntraNodeAllToAll => "all-to-all on intra-node links",
        CollectiveKind.AttentionExpertTransfer => "token transfers between attention and expert GPUs",
        _ => "tensor-parallel all-reduce on intra-node links",
    };

    private static string Percent(double share) => (share * 100).ToString("0", CultureInfo.InvariantCulture) + "%";
}
