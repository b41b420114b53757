namespace ClusterSim.Engine;

/// <summary>Something that waits for an event: a process, a condition or a callback.</summary>
internal interface IEventListener
{
    void OnEventProcessed(Event processed);
}
