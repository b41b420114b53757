namespace ClusterSim.Cli.Rendering;

/// <summary>How far a simulation has come, as it reports into an <see cref="IProgress{T}"/>.</summary>
/// <param name="SimulatedSeconds">Simulated time reached, in seconds.</param>
/// <param name="EndSeconds">Simulated time at which the run ends at the latest, drain limit included (0 when unknown).</param>
/// <param name="Events">Events processed so far.</param>
/// <param name="WindowSeconds">End of the arrivals window, what progress counts to (0 when unknown: then <paramref name="EndSeconds"/>).</param>
public readonly record struct RunProgress(double SimulatedSeconds, double EndSeconds, long Events, double WindowSeconds = 0)
{
    /// <summary>The simulated time progress counts to: the arrivals window; after it the run is draining.</summary>
    public double TargetSeconds => WindowSeconds > 0 ? WindowSeconds : EndSeconds;

    /// <summary>True once the arrivals window is over and the run finishes the requests in flight.</summary>
    public bool Draining => WindowSeconds > 0 && SimulatedSeconds >= WindowSeconds;
}
