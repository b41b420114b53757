using System.Globalization;
using System.Text.Json;
using ClusterSim.Cli.Trace;

namespace ClusterSim.Cli.Report;

/// <summary>A marked time on the report's timelines: a fault window (or, without an end, an instant) or an expert rebalance.</summary>
/// <param name="Label">What happened, for the table under the charts.</param>
/// <param name="StartS">When it began, simulated seconds.</param>
/// <param name="EndS">When a fault window closed, or null for an instant.</param>
/// <param name="IsFault">True for a fault, false for a rebalance.</param>
public sealed record TimelineMarker(string Label, double StartS, double? EndS, bool IsFault);

/// <summary>
/// Reads the markers of a run folder from summary.json's <c>timeline</c> (fault windows from the scenario, rebalances as
/// they happened). Not from log.clef: the run log is still open while run writes report.html.
/// </summary>
public static class TimelineMarkers
{
    /// <summary>Fault windows in scenario order, then rebalances in time order; none when summary.json has no timeline.</summary>
    public static IReadOnlyList<TimelineMarker> Read(string runDirectory)
    {
        var markers = new List<TimelineMarker>();
        if (RunFolderFiles.Optional(runDirectory, "summary.json") is not { } summaryPath)
        {
            return markers;
        }

        using var summary = JsonDocument.Parse(File.ReadAllBytes(summaryPath));
        if (!summary.RootElement.TryGetProperty("timeline", out var timeline))
        {
            return markers;
        }

        if (timeline.TryGetProperty("faults", out var faults))
        {
            foreach (var w in faults.EnumerateArray())
            {
                double? end = w.TryGetProperty("end_s", out var e) ? e.GetDouble() : null;
                markers.Add(new TimelineMarker($"{w.GetProperty("name").GetString()}: {w.GetProperty("detail").GetString()}", w.GetProperty("start_s").GetDouble(), end, true));
            }
        }

        if (timeline.TryGetProperty("rebalances", out var rebalances))
        {
            foreach (var r in rebalances.EnumerateArray())
            {
                var label = string.Create(
                    CultureInfo.InvariantCulture,
                    $"expert rebalance on {r.GetProperty("pool").GetString()} instance {r.GetProperty("instance").GetInt32()}: {r.GetProperty("detail").GetString()}");
                markers.Add(new TimelineMarker(label, r.GetProperty("at_s").GetDouble(), null, false));
            }
        }

        return markers;
    }
}
