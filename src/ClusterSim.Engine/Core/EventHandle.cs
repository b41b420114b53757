namespace ClusterSim.Engine;

/// <summary>Identifies one scheduled callback so that it can be cancelled before it fires.</summary>
/// <remarks>
/// Implementation note: <see cref="Order"/> packs the priority and the insertion sequence number; the
/// pair (time, order) is unique within a simulation and is the queue's sort key.
/// </remarks>
public readonly record struct EventHandle(SimTime Time, ulong Order)
{
    /// <summary>The handle of nothing; cancelling it does nothing.</summary>
    public static readonly EventHandle None = new(SimTime.Zero, 0);

    /// <summary>True for a handle returned by a scheduling call.</summary>
    public bool IsValid => Order != 0;
}
