using System.Text.RegularExpressions;
using ClusterSim.Cli.Tests.Trace;

namespace ClusterSim.Cli.Tests.Report;

public sealed class ReportMarkerTests(RunFolderFixture run) : IClassFixture<RunFolderFixture>
{
    [Fact]
    public async Task Trace_report_regenerates_report_html_of_a_run_folder_byte_for_byte()
    {
        var path = Path.Combine(run.Path, "report.html");
        var before = File.ReadAllBytes(path);
        File.Delete(path);

        var result = await CliRunner.RunAsync("trace", "report", run.Path);

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Equal(before, File.ReadAllBytes(path));
    }

    [Fact]
    public async Task Trace_report_of_a_folder_that_is_no_run_names_it_and_exits_2()
    {
        using var empty = new TempFolder();

        var result = await CliRunner.RunAsync("trace", "report", Path.Combine(empty.Path, "missing"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("no such run folder", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_shades_fault_windows_and_marks_rebalances_on_every_timeline()
    {
        using var folder = new TempFolder();
        var scenario = Path.Combine(folder.Path, "faulty.yaml");
        var text = File.ReadAllText(Path.Combine(ClusterSim.Tests.TestCatalog.Repository.ScenariosDirectory, "default.yaml"))
            .Replace("redundant: 0", "redundant: 16", StringComparison.Ordinal);
        File.WriteAllText(scenario, text + """

            experts: { routing: { distribution: drifting, base: zipf, s: 1, drift: rotate, rate: 0.5 }, placement: eplb, rebalance: { interval: 2 s, window: 2 s } }
            faults:
              - { kind: straggler, pool: serving, instance: 0, accelerator: 3, speed_factor: 0.5, start: 1 s, end: 3 s }
              - { kind: link, accelerator: 9, bandwidth_factor: 0.25, start: 4 s, end: 5 s }
            """);
        var output = Path.Combine(folder.Path, "run");

        var result = await CliRunner.RunAsync(
            "run", scenario, "--out", output, "--set", "workload.duration=6 s", "--set", "simulation.duration=6 s", "--set", "simulation.warmup=1 s");

        Assert.True(result.ExitCode == 0, result.Error);
        var html = File.ReadAllText(Path.Combine(output, "report.html"));
        Assert.Contains("<h2>Faults and expert rebalances</h2>", html, StringComparison.Ordinal);
        Assert.Contains("<td>faults[0]: serving instance 0 accelerator 3 at 50 % speed</td><td>1</td><td>3</td>", html, StringComparison.Ordinal);
        Assert.Contains("<td>faults[1]: NIC of accelerator 9 at 25 % bandwidth</td><td>4</td><td>5</td>", html, StringComparison.Ordinal);
        Assert.Contains("<td>expert rebalance on serving instance 0: ", html, StringComparison.Ordinal);
        // Four timelines (utilisation, KV, throughput, requests) each carry both legends.
        Assert.Equal(4, Regex.Count(html, ">\\s*fault window\\s*<"));
        Assert.Equal(4, Regex.Count(html, ">\\s*expert rebalance\\s*<"));
    }
}
