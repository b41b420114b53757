using System.Text.Json;
using ClusterSim.Cli.Trace;

namespace ClusterSim.Cli.Report;

/// <summary>A marked time on the report's timelines: a fault window (or, without an end, an instant) or an expert rebalance.</summary>
/// <param name="Label">What happened, for the table under the charts.</param>
/// <param name="StartS">When it began, simulated seconds.</param>
/// <param name="EndS">When a fault window closed, or null for an instant.</param>
/// <param name="IsFault">True for a fault, false for a rebalance.</param>
public sealed record TimelineMarker(string Label, double StartS, double? EndS, bool IsFault);

/// <summary>Reads the markers of a run folder: fault windows from summary.json, rebalances from log.clef.</summary>
public static class TimelineMarkers
{
    private const string RebalanceTemplate = "Expert re-placement on";

    /// <summary>Fault windows in scenario order, then rebalances in log order.</summary>
    public static IReadOnlyList<TimelineMarker> Read(string runDirectory)
    {
        var markers = new List<TimelineMarker>();
        if (RunFolderFiles.Optional(runDirectory, "summary.json") is { } summaryPath)
        {
            using var summary = JsonDocument.Parse(File.ReadAllBytes(summaryPath));
            if (summary.RootElement.TryGetProperty("faults", out var faults) && faults.TryGetProperty("windows", out var windows))
            {
                foreach (var w in windows.EnumerateArray())
                {
                    double? end = w.TryGetProperty("end_s", out var e) ? e.GetDouble() : null;
                    markers.Add(new TimelineMarker($"{w.GetProperty("name").GetString()}: {w.GetProperty("detail").GetString()}", w.GetProperty("start_s").GetDouble(), end, true));
                }
            }
        }

        if (RunFolderFiles.Optional(runDirectory, "log.clef") is { } logPath)
        {
            foreach (var line in File.ReadLines(logPath))
            {
                // Cheap test first: the log may hold many thousands of lines and few rebalances.
                if (!line.Contains(RebalanceTemplate, StringComparison.Ordinal) || !line.Contains("\"Moved\"", StringComparison.Ordinal))
                {
                    continue;
                }

                using var document = JsonDocument.Parse(line);
                var root = document.RootElement;
                if (root.TryGetProperty("Seconds", out var seconds) && seconds.ValueKind == JsonValueKind.Number)
                {
                    markers.Add(new TimelineMarker(ClefEvent.Parse(line).Message, seconds.GetDouble(), null, false));
                }
            }
        }

        return markers;
    }
}
