using System.Text.Json.Nodes;
using ClusterSim.RunFolders;
using ClusterSim.Runs;
using ClusterSim.Scenarios;
using ClusterSim.Tests.Telemetry;
using Microsoft.Extensions.Logging.Abstractions;

namespace ClusterSim.Tests.RunFolders;

public sealed class RunFolderWriterTests
{
    [Fact]
    public void A_cancelled_run_returns_its_partial_result_instead_of_throwing()
    {
        var scenario = ShortRun.Scenario(seconds: 30);
        using var cancellation = new CancellationTokenSource();
        var progress = new CancelAt(cancellation, simulatedSeconds: 3);

        var result = ScenarioRunner.Run(scenario.Plan(), (ClusterSim.Telemetry.IRequestSink?)null, NullLogger.Instance, progress, cancellation.Token);

        Assert.True(result.Cancelled);
        Assert.InRange(result.SimulatedSeconds, 3, 5);
        Assert.True(result.Metrics.Arrived > 0);
    }

    [Fact]
    public void A_cancelled_run_in_memory_commits_its_cut_files_and_a_partial_summary()
    {
        var scenario = ShortRun.Scenario(seconds: 30);
        using var cancellation = new CancellationTokenSource();
        var files = new MemoryFileStore();
        using (var writer = new RunFolderWriter(files, scenario.Outputs))
        {
            var result = ScenarioRunner.Run(scenario.Plan(), writer.Outputs, NullLogger.Instance, new CancelAt(cancellation, 20), cancellation.Token);
            writer.Finish(result);
        }

        var summary = JsonNode.Parse(files.ReadText(RunFolderLayout.Summary))!;
        Assert.True(summary["partial"]!.GetValue<bool>());
        var rows = files.ReadText(RunFolderLayout.Requests).TrimEnd('\n').Split('\n');
        Assert.True(rows.Length > 1, "requests finished before the cut are in requests.csv");
        Assert.Equal(summary["requests"]!["completed"]!.GetValue<long>() + summary["requests"]!["dropped"]!.GetValue<long>(), rows.Length - 1);
        Assert.StartsWith("time_s,", files.ReadText(RunFolderLayout.Timeseries), StringComparison.Ordinal);
        Assert.Throws<FileNotFoundException>(() => files.ReadText(RunFolderLayout.Trace));
    }

    [Fact]
    public void A_writer_disposed_without_finish_leaves_an_empty_folder()
    {
        var folder = Directory.CreateTempSubdirectory("clustersim-writer-").FullName;
        try
        {
            var scenario = ShortRun.Scenario(seconds: 2, new ScenarioOverride("outputs.trace", "true"));
            using (var writer = new RunFolderWriter(new FolderFileStore(folder), scenario.Outputs))
            {
                Assert.Equal(3, Directory.GetFiles(folder, "*.tmp-*").Length);
                ScenarioRunner.Run(scenario.Plan(), writer.Outputs, NullLogger.Instance);
            }

            Assert.Empty(Directory.EnumerateFileSystemEntries(folder));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void A_finished_folder_holds_the_streamed_files_the_extras_and_summary_json_under_final_names()
    {
        var folder = Directory.CreateTempSubdirectory("clustersim-writer-").FullName;
        try
        {
            var scenario = ShortRun.Scenario(seconds: 2);
            using (var writer = new RunFolderWriter(new FolderFileStore(folder), telemetry: null))
            {
                var result = ScenarioRunner.Run(scenario.Plan(), writer.Outputs, NullLogger.Instance);
                writer.Finish(result, new RunFolderExtra(RunFolderLayout.PointManifest, stream => stream.Write("{}"u8)));
            }

            var names = Directory.EnumerateFileSystemEntries(folder).Select(e => Path.GetFileName(e)!).Order(StringComparer.Ordinal).ToArray();
            Assert.Equal(["point.json", "requests.csv", "summary.json"], names);
            Assert.All(names, name => Assert.True(RunFolderLayout.IsRunFile(name)));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData("requests.csv", true)]
    [InlineData("log.clef.tmp-0a1b2c3d", true)]
    [InlineData("notes.txt", false)]
    [InlineData("notes.txt.tmp-0a1b2c3d", false)]
    [InlineData(".tmp-0a1b2c3d", false)]
    public void Run_files_are_recognised_by_name_with_or_without_a_temporary_suffix(string name, bool expected) =>
        Assert.Equal(expected, RunFolderLayout.IsRunFile(name));

    // Cancels the run from its own progress reports, at a simulated time: deterministic, no wall-clock race.
    private sealed class CancelAt(CancellationTokenSource cancellation, double simulatedSeconds) : IProgress<SimulationProgress>
    {
        public void Report(SimulationProgress value)
        {
            if (value.SimulatedSeconds >= simulatedSeconds)
            {
                cancellation.Cancel();
            }
        }
    }
}
