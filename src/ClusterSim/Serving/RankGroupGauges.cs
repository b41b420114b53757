using ClusterSim.Scheduling;

namespace ClusterSim.Serving;

/// <summary>
/// The gauges of an instance's attention ranks at one moment: KV-cache occupancy (used over capacity blocks) at the
/// fullest rank and on average, and the requests running and queued over all ranks.
/// </summary>
/// <remarks>A value, sampled when a record is sent: observers read it after the scheduler has moved on.</remarks>
/// <param name="KvMax">Highest KV occupancy of a rank, 0 to 1.</param>
/// <param name="KvMean">Mean KV occupancy over the ranks, 0 to 1.</param>
/// <param name="Running">Admitted requests on all ranks.</param>
/// <param name="Queued">Requests waiting for admission on all ranks.</param>
public readonly record struct RankGroupGauges(double KvMax, double KvMean, int Running, int Queued)
{
    /// <summary>Samples <paramref name="ranks"/>: the one place the gauges are read from the scheduler.</summary>
    /// <remarks>A span: an instance samples its ranks twice a step, and indexing an array costs no interface call.</remarks>
    public static RankGroupGauges Sample(ReadOnlySpan<AttentionRank> ranks)
    {
        double max = 0, sum = 0;
        int running = 0, queued = 0;
        for (var i = 0; i < ranks.Length; i++)
        {
            var rank = ranks[i];
            var u = rank.KvCache.Utilization;
            max = Math.Max(max, u);
            sum += u;
            running += rank.Running.Count;
            queued += rank.Waiting.Count;
        }

        return new RankGroupGauges(max, ranks.Length > 0 ? sum / ranks.Length : 0, running, queued);
    }
}
