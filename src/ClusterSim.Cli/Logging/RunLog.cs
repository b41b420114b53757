using ClusterSim.RunFolders;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace ClusterSim.Cli.Logging;

/// <summary>
/// One run's log.clef (compact log event format, one JSON object per line), written under a temporary name
/// and renamed to log.clef when disposed, whether the run succeeded, failed or was cancelled.
/// </summary>
public sealed class RunLog : IDisposable
{
    /// <summary>The final file name inside the run folder.</summary>
    public const string FileName = RunFolderLayout.Log;

    private readonly Lock gate = new();
    private readonly IRunFile file;
    private readonly StreamWriter writer;
    private readonly CompactJsonFormatter formatter = new();
    private readonly RunLogSink owner;
    private readonly RunLog? previous;
    private bool closed;

    private RunLog(IRunFile file, RunLogSink owner, RunLog? previous)
    {
        this.file = file;
        this.owner = owner;
        this.previous = previous;
        writer = new StreamWriter(file.Stream, AtomicFile.Utf8, bufferSize: 16 * 1024, leaveOpen: true) { NewLine = "\n" };
    }

    internal static RunLog Create(IRunFile file, RunLogSink owner, RunLog? previous) => new(file, owner, previous);

    internal void Write(LogEvent logEvent)
    {
        lock (gate)
        {
            if (!closed)
            {
                formatter.Format(logEvent, writer);
            }
        }
    }

    /// <summary>Stops writing, flushes and renames the file to log.clef.</summary>
    public void Dispose()
    {
        lock (gate)
        {
            if (closed)
            {
                return;
            }

            closed = true;
        }

        owner.Restore(this, previous);
        try
        {
            writer.Flush();
            writer.Dispose();
        }
        catch
        {
            file.Dispose();
            throw;
        }

        file.Commit();
    }
}
