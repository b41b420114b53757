namespace ClusterSim.Experts;

/// <summary>
/// What moving expert weights costs: each replica that lands on a rank which did not hold that expert brings
/// <paramref name="BytesPerReplica"/> (3·d·f·b, one expert of one MoE layer) over the fabric; the re-placement takes
/// alpha + (bytes received by the busiest rank) × ns per byte, all layers moving at once.
/// </summary>
/// <param name="BytesPerReplica">Weight bytes of one expert in one MoE layer.</param>
/// <param name="AlphaNs">Fixed cost of the transfer.</param>
/// <param name="NsPerByte">Nanoseconds per byte received by one rank (its share of the EP group's fabric).</param>
public sealed record ExpertMigrationCost(double BytesPerReplica, double AlphaNs, double NsPerByte)
{
    /// <summary>Time of a re-placement whose busiest rank receives <paramref name="maxRankBytes"/>.</summary>
    public double Nanoseconds(double maxRankBytes) => maxRankBytes <= 0 ? 0 : AlphaNs + (maxRankBytes * NsPerByte);
}

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
