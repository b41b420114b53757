using ClusterSim.RunFolders;
using Serilog.Core;
using Serilog.Events;

namespace ClusterSim.Cli.Logging;

/// <summary>
/// The Serilog sink behind every run's log.clef: forwards each event to the run log open on the current
/// asynchronous flow, so parallel runs of a sweep each get only their own events.
/// </summary>
/// <remarks>
/// One instance per host (a DI singleton), never static. Events logged where no run log is open (start-up,
/// argument checks) go to the console sink only.
/// </remarks>
public sealed class RunLogSink : ILogEventSink
{
    private readonly AsyncLocal<RunLog?> current = new();

    /// <summary>
    /// Opens log.clef for the run in <paramref name="runFolder"/> and makes it current for the calling flow and
    /// everything it starts; dispose the result when the run ends (also on failure or cancel).
    /// </summary>
    /// <remarks>Call it from the method that runs the simulation (not from a helper that returns before the run).</remarks>
    public RunLog Open(string runFolder) => Open(new FolderFileStore(runFolder));

    /// <summary>Opens log.clef in <paramref name="files"/> (the run's store) as <see cref="Open(string)"/> does.</summary>
    public RunLog Open(IRunFileStore files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var log = RunLog.Create(files.Create(RunLog.FileName), this, current.Value);
        current.Value = log;
        return log;
    }

    /// <summary>Writes the event to the current run log, if any.</summary>
    public void Emit(LogEvent logEvent)
    {
        current.Value?.Write(logEvent);
    }

    internal void Restore(RunLog closing, RunLog? previous)
    {
        if (ReferenceEquals(current.Value, closing))
        {
            current.Value = previous;
        }
    }
}
