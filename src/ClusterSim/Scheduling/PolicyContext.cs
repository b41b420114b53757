namespace ClusterSim.Scheduling;

/// <summary>What a batch policy may know about the run when it is created: the latency objectives.</summary>
/// <param name="TtftSloMs">Time-to-first-token objective in milliseconds; infinity when the scenario sets none.</param>
/// <param name="TpotSloMs">Time-per-output-token objective in milliseconds; infinity when the scenario sets none.</param>
public sealed record PolicyContext(double TtftSloMs, double TpotSloMs)
{
    /// <summary>No objectives (both infinite).</summary>
    public static PolicyContext None { get; } = new(double.PositiveInfinity, double.PositiveInfinity);
}

/// <summary>What a router may know when it is created: the run seed (for its own random stream) and its pool.</summary>
/// <param name="Seed">The run seed.</param>
/// <param name="Pool">Name of the pool the router serves (serving, prefill, decode).</param>
public sealed record RouterContext(ulong Seed, string Pool)
{
    /// <summary>The name of the router's random stream, derived from the pool so that pools draw independently.</summary>
    public string StreamName => "router." + Pool;
}
