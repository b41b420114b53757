using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;

namespace ClusterSim.Cli.Logging;

/// <summary>A Serilog sink writing formatted events to a caller's TextWriter (stderr captured by tests).</summary>
internal sealed class TextWriterSink(TextWriter writer, ITextFormatter formatter) : ILogEventSink
{
    private readonly Lock gate = new();

    public void Emit(LogEvent logEvent)
    {
        lock (gate)
        {
            formatter.Format(logEvent, writer);
            writer.Flush();
        }
    }
}
