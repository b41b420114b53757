using System.Globalization;
using System.Text.Json;
using ClusterSim.Cli.Commands;
using ClusterSim.Cli.Rendering;

namespace ClusterSim.Cli.Trace;

/// <summary>
/// <c>clustersim trace log RUN_DIR [--level L] [--grep TEXT]</c>: log.clef as readable lines, one per event: the
/// simulated time when the event names one (otherwise the wall-clock time), the level and the rendered message.
/// </summary>
public sealed class TraceLogHandler(CliConsole console) : IVerbHandler<TraceLogArguments>
{
    /// <inheritdoc />
    public async Task<int> HandleAsync(TraceLogArguments arguments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var path = RunFolderFiles.Require(arguments.RunDirectory, "log.clef");
        var minimum = arguments.Level is { } level ? ClefEvent.Rank(level) : 0;
        if (minimum < 0)
        {
            throw new UserErrorException($"--level {arguments.Level}: unknown level; use one of {string.Join(", ", ClefEvent.Levels)}");
        }

        var output = console.Out.Profile.Out.Writer;
        var lineNumber = 0;
        using var reader = new StreamReader(path);
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }

            ClefEvent e;
            try
            {
                e = ClefEvent.Parse(line);
            }
            catch (Exception ex) when (ex is JsonException or FormatException)
            {
                throw new UserErrorException($"{path}: line {lineNumber} is not a CLEF event ({ex.Message.ReplaceLineEndings(" ")})", ex);
            }

            if (Math.Max(0, ClefEvent.Rank(e.Level)) < minimum)
            {
                continue;
            }

            if (arguments.Grep is { } grep && !e.Message.Contains(grep, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            await output.WriteLineAsync(Format(e).AsMemory(), cancellationToken);
        }

        await output.FlushAsync(cancellationToken);
        return ExitCodes.Success;
    }

    /// <summary>"sim   12.345678 s  WRN  message" or "04:13:35.978     INF  message" for events without a simulated time.</summary>
    public static string Format(ClefEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var time = e.SimSeconds is { } s
            ? "sim " + s.ToString("0.000000", CultureInfo.InvariantCulture).PadLeft(12) + " s"
            : e.Timestamp.ToUniversalTime().ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture).PadRight(18);
        return $"{time}  {Abbreviation(e.Level)}  {e.Message}";
    }

    private static string Abbreviation(string level) => ClefEvent.Rank(level) switch
    {
        0 => "VRB",
        1 => "DBG",
        2 => "INF",
        3 => "WRN",
        4 => "ERR",
        5 => "FTL",
        _ => level.ToUpperInvariant(),
    };
}
