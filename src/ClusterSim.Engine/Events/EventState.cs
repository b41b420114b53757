namespace ClusterSim.Engine;

/// <summary>Where an <see cref="Event"/> is in its life.</summary>
public enum EventState
{
    /// <summary>Created; nobody has succeeded or failed it yet.</summary>
    Pending,

    /// <summary>Succeeded or failed and waiting in the queue for its listeners to be called.</summary>
    Triggered,

    /// <summary>Its listeners (waiting processes, conditions, callbacks) have been called.</summary>
    Processed,

    /// <summary>Withdrawn before it was processed; its listeners are never called.</summary>
    Cancelled,
}
