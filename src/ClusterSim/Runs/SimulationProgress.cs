namespace ClusterSim.Runs;

/// <summary>How far a run has come: simulated seconds so far, the planned end, events processed.</summary>
/// <param name="SimulatedSeconds">Simulated time reached.</param>
/// <param name="EndSeconds">The latest simulated time the run may reach (arrivals window plus drain limit).</param>
/// <param name="Events">Events processed so far.</param>
/// <param name="WindowSeconds">End of the arrivals window: a run usually ends soon after it, so progress counts to it (0 when unknown).</param>
public readonly record struct SimulationProgress(double SimulatedSeconds, double EndSeconds, long Events, double WindowSeconds = 0);
