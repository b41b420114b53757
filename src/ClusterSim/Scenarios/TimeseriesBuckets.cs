using ClusterSim.Engine;

namespace ClusterSim.Scenarios;

/// <summary>
/// The bucket width of timeseries.csv when the scenario does not set <c>outputs.timeseries_window</c> (or sets it to
/// <c>auto</c>): chosen from the run's length so that telemetry costs about as much as a few thousand rows per pool
/// whatever the simulated time, instead of growing with it (10 ms buckets over 16,000 simulated seconds made 1.6 M
/// rows and cost more CPU than the simulation itself).
/// </summary>
/// <remarks>
/// The width is the narrowest "readable" one (1, 2 or 5 times a power of ten) that keeps at most
/// <see cref="MaxBuckets"/> buckets over <c>simulation.duration</c>, and never narrower than
/// <see cref="Narrowest"/>: runs up to 200 s keep the 10 ms buckets they always had (a decode step is 10-100 ms, so
/// finer buckets show nothing more), a 10-minute run gets 50 ms, a 16,000 s run 1 s. report.html averages buckets
/// down to 800 points per chart anyway.
/// </remarks>
public static class TimeseriesBuckets
{
    /// <summary>Most buckets the automatic width allows over <c>simulation.duration</c>.</summary>
    public const long MaxBuckets = 20_000;

    /// <summary>The narrowest automatic width, and the width of every run up to 200 s.</summary>
    public static readonly SimDuration Narrowest = SimDuration.FromMilliseconds(10);

    /// <summary>The automatic bucket width for a run of <paramref name="duration"/> simulated time.</summary>
    public static SimDuration For(SimDuration duration)
    {
        // Ceiling: the width times MaxBuckets must cover the whole duration.
        var needed = (Math.Max(0, duration.Nanoseconds) + MaxBuckets - 1) / MaxBuckets;
        if (needed <= Narrowest.Nanoseconds)
        {
            return Narrowest;
        }

        for (var decade = Narrowest.Nanoseconds; ; decade *= 10)
        {
            foreach (var step in (ReadOnlySpan<long>)[1, 2, 5])
            {
                if (step * decade >= needed)
                {
                    return SimDuration.FromNanoseconds(step * decade);
                }
            }
        }
    }
}
