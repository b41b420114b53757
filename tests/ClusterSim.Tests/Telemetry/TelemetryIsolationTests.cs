using System.Text.RegularExpressions;
using ClusterSim.Tests.Workloads;

namespace ClusterSim.Tests.Telemetry;

/// <summary>
/// Telemetry receives immutable records from Serving (instance identity, step records, gauge snapshots) and never
/// reaches into the live scheduler or the step pricers; a source scan holds that until the architecture test does.
/// </summary>
public sealed partial class TelemetryIsolationTests
{
    [GeneratedRegex(@"\b(ServingInstance|AttentionRank|PagedKvCache|StepPricer|AfdStepPricer|IStepPricer)\b")]
    private static partial Regex LiveSchedulerNames();

    [Fact]
    public void No_telemetry_source_names_the_live_scheduler_or_a_step_pricer()
    {
        var folder = Path.Combine(WorkloadTestFiles.RepoRoot, "src", "ClusterSim", "Telemetry");
        var files = Directory.GetFiles(folder, "*.cs", SearchOption.AllDirectories);
        Assert.NotEmpty(files);
        var hits = files
            .SelectMany(file => File.ReadLines(file).Select((line, i) => (file, line, number: i + 1)))
            .Where(x => LiveSchedulerNames().IsMatch(x.line))
            .Select(x => $"{Path.GetFileName(x.file)}:{x.number}: {x.line.Trim()}")
            .ToList();
        Assert.True(hits.Count == 0, "Telemetry must see snapshots only:\n" + string.Join('\n', hits));
    }
}
