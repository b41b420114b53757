namespace ClusterSim.Scheduling;

/// <summary>
/// Keeps the outstanding-token loads of a group of ranks (one instance's) side by side in one array, so a router that
/// compares every rank's load per arrival reads consecutive numbers instead of one rank object after another (at
/// 1,024 ranks those objects are scattered over the heap and each read is a cache miss).
/// </summary>
public static class SharedRankLoads
{
    /// <summary>
    /// Moves the load of each of <paramref name="ranks"/> into slot i of a new array and returns it; from then on
    /// <see cref="AttentionRank.OutstandingTokens"/> reads and writes that slot.
    /// </summary>
    public static long[] Share(IReadOnlyList<AttentionRank> ranks)
    {
        ArgumentNullException.ThrowIfNull(ranks);
        var loads = new long[ranks.Count];
        for (var i = 0; i < loads.Length; i++)
        {
            ranks[i].MoveLoadTo(loads, i);
        }

        return loads;
    }
}
