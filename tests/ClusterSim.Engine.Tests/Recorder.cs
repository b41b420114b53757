namespace ClusterSim.Engine.Tests;

/// <summary>A callback handler that logs (time, arg) of every event it receives.</summary>
internal sealed class Recorder : IEventHandler
{
    public List<(long TimeNs, long Arg)> Log { get; } = [];

    public void OnEvent(Simulation simulation, long arg) => Log.Add((simulation.Now.Nanoseconds, arg));

    public long[] Args => Log.Select(e => e.Arg).ToArray();
}
