namespace ClusterSim.Measurements;

/// <summary>
/// Percentiles as the Python harnesses compute them: numpy's default <c>np.percentile</c> (linear interpolation
/// between the closest ranks), so a percentile derived here from a harness's per-request arrays is the one the
/// harness would have printed, and the prediction is summarised the same way.
/// </summary>
public static class Percentiles
{
    /// <summary>The <paramref name="percent"/>-th percentile (0..100) of ascending <paramref name="sorted"/>.</summary>
    public static double Linear(IReadOnlyList<double> sorted, double percent)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        ArgumentOutOfRangeException.ThrowIfZero(sorted.Count);
        ArgumentOutOfRangeException.ThrowIfNegative(percent);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percent, 100);
        // Rank (n - 1)·p/100 between the two neighbours: numpy's "linear" method.
        var rank = (sorted.Count - 1) * percent / 100;
        var below = (int)Math.Floor(rank);
        var above = Math.Min(below + 1, sorted.Count - 1);
        return sorted[below] + ((rank - below) * (sorted[above] - sorted[below]));
    }
}
