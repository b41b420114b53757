namespace ClusterSim.Engine;

/// <summary>A receiver of scheduled callbacks: the allocation-free way to model hot paths.</summary>
/// <remarks>
/// One handler object usually serves many events; <c>arg</c> tells them apart (a request index, a
/// link id, a packed pair of ints). The engine stores the handler and the argument in a struct slot
/// of its queue, so scheduling allocates nothing once the queue has grown to its working size.
/// </remarks>
public interface IEventHandler
{
    /// <summary>Called when the event's time comes; <see cref="Simulation.Now"/> is the event's time.</summary>
    void OnEvent(Simulation simulation, long arg);
}
