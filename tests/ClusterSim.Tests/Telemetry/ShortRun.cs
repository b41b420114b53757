using ClusterSim.Runs;
using ClusterSim.Scenarios;
using ClusterSim.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ClusterSim.Tests.Telemetry;

/// <summary>The default scenario cut to a few simulated seconds, run with chosen outputs: fast enough for unit tests.</summary>
internal static class ShortRun
{
    public static Scenario Scenario(double seconds = 8, params ScenarioOverride[] extra)
    {
        var text = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture) + " s";
        var overrides = new List<ScenarioOverride>
        {
            new("workload.duration", text),
            new("simulation.duration", text),
            new("simulation.warmup", "1 s"),
            new("workload.rate_per_s", "30"),
            // Long enough for every request to finish: token and request counts then add up exactly.
            new("simulation.drain_limit", "10 m"),
        };
        overrides.AddRange(extra);
        return ScenarioReader.Load(Path.Combine(TestCatalog.Repository.ScenariosDirectory, "default.yaml"), overrides);
    }

    /// <summary>Runs with timeseries and trace written to memory; returns the result and the texts.</summary>
    public static (RunResult Result, string Timeseries, string Trace, TelemetryOutputs Outputs) Run(Scenario scenario, TraceOutputOptions? trace = null, ILogger? logger = null)
    {
        using var timeseries = new StringWriter { NewLine = "\n" };
        using var traceStream = new MemoryStream();
        using var outputs = new TelemetryOutputs(null, timeseries, scenario.Outputs.TimeseriesWindow, traceStream, trace ?? TraceOutputOptions.Default);
        var result = ScenarioRunner.Run(scenario.Plan(), outputs, logger ?? NullLogger.Instance);
        return (result, timeseries.ToString(), System.Text.Encoding.UTF8.GetString(traceStream.ToArray()), outputs);
    }
}
