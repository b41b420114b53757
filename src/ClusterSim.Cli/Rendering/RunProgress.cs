namespace ClusterSim.Cli.Rendering;

/// <summary>How far a simulation has come, as it reports into an <see cref="IProgress{T}"/>.</summary>
/// <param name="SimulatedSeconds">Simulated time reached, in seconds.</param>
/// <param name="EndSeconds">Simulated time at which the run ends, in seconds (0 when unknown).</param>
/// <param name="Events">Events processed so far.</param>
public readonly record struct RunProgress(double SimulatedSeconds, double EndSeconds, long Events);
