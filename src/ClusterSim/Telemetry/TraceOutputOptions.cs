using ClusterSim.Engine;

namespace ClusterSim.Telemetry;

/// <summary>What trace.json keeps: a window of simulated time and a cap on events so the file stays openable.</summary>
/// <param name="WindowStart">Events before this are left out.</param>
/// <param name="WindowEnd">Events from this on are left out (<see cref="SimTime.MaxValue"/>: no end).</param>
/// <param name="MaxEvents">Events written at most; later ones are counted in otherData.dropped_events.</param>
public sealed record TraceOutputOptions(SimTime WindowStart, SimTime WindowEnd, long MaxEvents)
{
    /// <summary>About 150 MB of JSON: below what chrome://tracing and Perfetto UI open comfortably.</summary>
    public const long DefaultMaxEvents = 1_000_000;

    /// <summary>The whole run, capped at <see cref="DefaultMaxEvents"/>.</summary>
    public static TraceOutputOptions Default { get; } = new(SimTime.Zero, SimTime.MaxValue, DefaultMaxEvents);

    /// <summary>True when [start, end] overlaps the window.</summary>
    public bool Overlaps(SimTime start, SimTime end) => end >= WindowStart && start < WindowEnd;
}
