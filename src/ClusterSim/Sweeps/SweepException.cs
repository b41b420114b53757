namespace ClusterSim.Sweeps;

/// <summary>A sweep a user set up wrongly (axes, shards, folders); its message is one line naming what and why.</summary>
public sealed class SweepException : Exception
{
    /// <summary>Creates the error with its one-line message.</summary>
    public SweepException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the error wrapping a lower-level cause (kept for debugging, never shown to users).</summary>
    public SweepException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
