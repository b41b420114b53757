namespace ClusterSim.Experts;

/// <summary>Counts of one instance's expert re-placements, for summary.json.</summary>
public sealed class ExpertBalanceStatistics
{
    /// <summary>Re-placements run.</summary>
    public long Rebalances { get; internal set; }

    /// <summary>Expert replicas copied onto a rank that did not hold them, over all layers and re-placements.</summary>
    public long ReplicasMoved { get; internal set; }

    /// <summary>Weight bytes moved over the fabric, over all ranks.</summary>
    public double MigrationBytes { get; internal set; }

    /// <summary>Simulated nanoseconds the instance paused to move weights.</summary>
    public double MigrationPauseNs { get; internal set; }

    /// <summary>Sum over re-placements of the expected per-rank Γ of the old placement on the window's loads.</summary>
    public double ImbalanceBeforeSum { get; internal set; }

    /// <summary>Sum over re-placements of the expected per-rank Γ of the new placement on the window's loads.</summary>
    public double ImbalanceAfterSum { get; internal set; }

    /// <summary>Adds another instance's counts (pool totals).</summary>
    public void Add(ExpertBalanceStatistics other)
    {
        ArgumentNullException.ThrowIfNull(other);
        Rebalances += other.Rebalances;
        ReplicasMoved += other.ReplicasMoved;
        MigrationBytes += other.MigrationBytes;
        MigrationPauseNs += other.MigrationPauseNs;
        ImbalanceBeforeSum += other.ImbalanceBeforeSum;
        ImbalanceAfterSum += other.ImbalanceAfterSum;
    }
}
