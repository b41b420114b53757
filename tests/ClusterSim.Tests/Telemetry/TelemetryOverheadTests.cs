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
        ScenarioRunner.Run(scenario.Plan(), outputs, NullLogger.Instance);
        requests.Flush();
        timeseriesFile?.Flush();
        process.Refresh();
        return (process.TotalProcessorTime - before).TotalSeconds;
    }

    // CI never gates on time (the machine may be busy); the overhead ratio is a measurement, printed here and by
    // `clustersim bench serving`. What a test can hold is that telemetry only watches: the run is the same with it.
    [Fact]
    public void Telemetry_watches_without_changing_the_run()
    {
        var scenario = ShortRun.Scenario(20);
        RunResult Run(bool telemetry)
        {
            using var requestsFile = new StringWriter { NewLine = "\n" };
            using var requests = new RequestsCsvWriter(requestsFile);
            using var timeseries = telemetry ? new StringWriter { NewLine = "\n" } : null;
            using var trace = telemetry ? new MemoryStream() : null;
            using var outputs = new TelemetryOutputs(requests, timeseries, scenario.Outputs.TimeseriesWindow, trace, TraceOutputOptions.Default);
            return ScenarioRunner.Run(scenario.Plan(), outputs, NullLogger.Instance);
        }

        var off = Run(telemetry: false);
        var on = Run(telemetry: true);
        Assert.Equal(off.Events, on.Events);
        Assert.Equal(Serving.DeterminismTests.WithoutSimulationBlock(off), Serving.DeterminismTests.WithoutSimulationBlock(on));
        var (ratio, offSeconds, onSeconds) = Measure(scenario, 1);
        output.WriteLine($"processor time: telemetry off {offSeconds:0.000} s, default telemetry {onSeconds:0.000} s, ratio {ratio:0.000}");
    }
}
