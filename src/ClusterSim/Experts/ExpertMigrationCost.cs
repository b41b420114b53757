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
