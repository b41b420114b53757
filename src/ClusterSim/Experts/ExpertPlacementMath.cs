namespace ClusterSim.Experts;

/// <summary>Closed forms about where a token's experts live.</summary>
public static class ExpertPlacementMath
{
    /// <summary>
    /// Expected number of distinct groups (nodes) hit when k of E experts are chosen uniformly without replacement and
    /// the experts are split evenly over <paramref name="groups"/> groups: G·(1 − C(E − E/G, k) / C(E, k)).
    /// </summary>
    public static double ExpectedDistinctGroups(int experts, int k, int groups)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(experts, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(groups, 1);
        if (groups == 1)
        {
            return 1;
        }

        var perGroup = (double)experts / groups;
        // C(E - m, k) / C(E, k) = Π_{i<k} (E - m - i) / (E - i): the chance a given group receives none of the k.
        double none = 1;
        for (var i = 0; i < k; i++)
        {
            none *= Math.Max(0, experts - perGroup - i) / (experts - i);
        }

        return groups * (1 - none);
    }
}
