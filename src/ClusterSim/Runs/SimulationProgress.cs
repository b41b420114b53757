namespace ClusterSim.Runs;

/// <summary>How far a run has come: simulated seconds so far, the planned end, events processed.</summary>
public readonly record struct SimulationProgress(double SimulatedSeconds, double EndSeconds, long Events);
