using System.Diagnostics;
using ClusterSim.Runs;
using ClusterSim.Scenarios;
using ClusterSim.Telemetry;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;

namespace ClusterSim.Tests.Telemetry;

public sealed class TelemetryOverheadTests(ITestOutputHelper output)
{
    /// <summary>
    /// Processor time (less sensitive than wall time to other work on a shared machine) of a run with default telemetry (requests.csv and timeseries.csv to files, trace off) over a run with
    /// telemetry off (requests.csv only), interleaved, best of <paramref name="repetitions"/> each.
    /// </summary>
    internal static (double Ratio, double OffSeconds, double OnSeconds) Measure(Scenario scenario, int repetitions)
    {
        var folder = Directory.CreateTempSubdirectory("clustersim-overhead-");
        try
        {
            double off = double.MaxValue, on = double.MaxValue;
            for (var i = 0; i < repetitions; i++)
            {
                off = Math.Min(off, Time(scenario, folder.FullName, telemetry: false));
                on = Math.Min(on, Time(scenario, folder.FullName, telemetry: true));
            }

            return (on / off, off, on);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static double Time(Scenario scenario, string folder, bool telemetry)
    {
        using var requestsFile = new StreamWriter(Path.Combine(folder, "requests.csv")) { NewLine = "\n" };
        using var requests = new RequestsCsvWriter(requestsFile);
        using var timeseriesFile = telemetry ? new StreamWriter(Path.Combine(folder, "timeseries.csv")) { NewLine = "\n" } : null;
        using var outputs = new TelemetryOutputs(requests, timeseriesFile, scenario.Outputs.TimeseriesWindow, null, TraceOutputOptions.Default);
        using var process = Process.GetCurrentProcess();
        var before = process.TotalProcessorTime;
        ScenarioRunner.Run(scenario, outputs, NullLogger.Instance);
        requests.Flush();
        timeseriesFile?.Flush();
        process.Refresh();
        return (process.TotalProcessorTime - before).TotalSeconds;
    }

    [Fact]
    public void Default_telemetry_costs_little_next_to_telemetry_off()
    {
        var scenario = ShortRun.Scenario(20);
        Measure(scenario, 1); // warm up the JIT for both paths

        var (ratio, off, on) = Measure(scenario, 3);

        output.WriteLine($"processor time: telemetry off {off:0.000} s, default telemetry {on:0.000} s, ratio {ratio:0.000}");
        // The budget is 1.2 (docs/performance.md has the measured figure); the bound here leaves room for a busy CI machine.
        Assert.True(ratio < 1.5, $"default telemetry took {ratio:0.00}x the time of telemetry off ({on:0.000} s vs {off:0.000} s)");
    }
}
