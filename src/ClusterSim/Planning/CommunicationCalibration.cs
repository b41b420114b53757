using ClusterSim.Fabric;
using ClusterSim.Serving;

namespace ClusterSim.Planning;

/// <summary>
/// Fits the straight lines of <see cref="CommunicationCosts"/> by pricing each collective of an instance twice on
/// the fabric model (1 MB and 64 MB per rank): slope and intercept reproduce the flow model exactly for that
/// traffic pattern at any size.
/// </summary>
public static class CommunicationCalibration
{
    private const double SmallBytes = 1e6;
    private const double LargeBytes = 64e6;

    /// <summary>Calibrates for an instance whose accelerators start at <paramref name="firstAccelerator"/>.</summary>
    /// <param name="topology">The fabric.</param>
    /// <param name="firstAccelerator">First accelerator of the instance.</param>
    /// <param name="epRanks">Expert-parallel ranks (the all-to-all group).</param>
    /// <param name="tpRanks">Attention tensor-parallel ranks (the all-reduce group).</param>
    /// <param name="linkModel">Fair sharing or alpha-beta.</param>
    /// <param name="allToAll">The pool's expert all-to-all: routing, and deduplication of cross-domain copies.</param>
    /// <param name="nicFactors">Degraded NICs: accelerator → share of its scale-out bandwidth left (both directions); 0 means
    /// the NIC failed and its traffic is rerouted through another rail of the node.</param>
    /// <exception cref="NodeUnreachableException">Every NIC of a node the collectives must leave or enter has failed.</exception>
    public static CommunicationCosts Calibrate(
        FabricTopology topology,
        int firstAccelerator,
        int epRanks,
        int tpRanks,
        LinkModel linkModel,
        ExpertAllToAll allToAll,
        IReadOnlyDictionary<int, double>? nicFactors = null)
    {
        ArgumentNullException.ThrowIfNull(allToAll);
        var pricer = new CollectivePricer(topology);
        foreach (var (accelerator, factor) in nicFactors ?? new Dictionary<int, double>())
        {
            if (factor == 0)
            {
                pricer.SetNicFailed(accelerator);
                continue;
            }

            foreach (var link in new[] { topology.NicUplink(accelerator), topology.NicDownlink(accelerator) })
            {
                if (link >= 0)
                {
                    pricer.SetLinkBandwidth(link, topology.Links.BytesPerSecond(link) * factor);
                }
            }
        }

        double a2aAlpha = 0, a2aSlope = 0, arAlpha = 0, arSlope = 0;
        var crosses = false;
        if (epRanks > 1)
        {
            var ranks = Enumerable.Range(firstAccelerator, epRanks).ToArray();
            double Time(double perRank)
            {
                // perRank counts every copy a rank sends; copies bound for another domain shrink by the deduplication.
                var bytes = new double[epRanks * epRanks];
                for (var i = 0; i < epRanks; i++)
                {
                    for (var j = 0; j < epRanks; j++)
                    {
                        bytes[(i * epRanks) + j] = allToAll.PairBytes(topology, ranks[i], ranks[j], perRank / (epRanks - 1));
                    }
                }

                return pricer.Price(Collectives.AllToAll(topology, ranks, bytes, allToAll.Routing), linkModel).Duration.Nanoseconds;
            }

            (a2aAlpha, a2aSlope) = Fit(Time);
            crosses = topology.NodeOf(ranks[0]) != topology.NodeOf(ranks[^1]);
        }

        if (tpRanks > 1)
        {
            var ranks = Enumerable.Range(firstAccelerator, tpRanks).ToArray();
            double Time(double payload) => pricer.Price(Collectives.AllReduceRing(ranks, payload), linkModel).Duration.Nanoseconds;
            (arAlpha, arSlope) = Fit(Time);
        }

        return new CommunicationCosts(a2aAlpha, a2aSlope, arAlpha, arSlope, crosses);
    }

    /// <summary>
    /// The straight line through a collective's time at 1 MB and 64 MB per rank: intercept (ns, never negative) and
    /// slope (ns per byte).
    /// </summary>
    internal static (double Alpha, double Slope) Fit(Func<double, double> timeNs)
    {
        var small = timeNs(SmallBytes);
        var large = timeNs(LargeBytes);
        var slope = (large - small) / (LargeBytes - SmallBytes);
        return (Math.Max(0, small - (slope * SmallBytes)), slope);
    }
}
