using System.Text.Json;
using ClusterSim.Runs;
using ClusterSim.Scenarios;
using ClusterSim.Telemetry;
using ClusterSim.Tests.Serving;
using Microsoft.Extensions.Logging.Abstractions;

namespace ClusterSim.Tests.Telemetry;

public sealed class LayerTraceTests
{
    // DeepSeek-V3 on 16 H200 at layer fidelity with two micro-batches, a straggler window and EPLB re-placement.
    private static readonly Lazy<(RunResult Result, JsonDocument Trace, string Timeseries)> Layered = new(() => Run(TraceOutputOptions.Default));

    private static (RunResult Result, JsonDocument Trace, string Timeseries) Run(TraceOutputOptions options)
    {
        var yaml = TestScenarios.DeepSeekSmall(ratePerSecond: 6, duration: "3 s", outputMean: 40, extra: """
            experts: { routing: { distribution: drifting, base: zipf, s: 1, drift: rotate, rate: 0.5 }, placement: eplb, rebalance: { interval: 1 s, window: 1 s } }
            faults:
              - { kind: straggler, pool: serving, instance: 0, accelerator: 3, speed_factor: 0.5, start: 1 s, end: 2 s }
            """).Replace("max_running_requests: 64", "max_running_requests: 64\n    micro_batches: 2\n    experts: { ep: 16, redundant: 16 }", StringComparison.Ordinal);
        var scenario = TestScenarios.Parse(yaml, new ScenarioOverride("simulation.fidelity", "layer"), new ScenarioOverride("simulation.drain_limit", "1 m"));
        using var stream = new MemoryStream();
        using var timeseries = new StringWriter { NewLine = "\n" };
        using var outputs = new TelemetryOutputs(null, timeseries, scenario.Outputs.TimeseriesWindow, stream, options);
        var result = ScenarioRunner.Run(scenario.Plan(), outputs, NullLogger.Instance);
        return (result, JsonDocument.Parse(stream.ToArray()), timeseries.ToString());
    }

    private static List<JsonElement> Events => [.. Layered.Value.Trace.RootElement.GetProperty("traceEvents").EnumerateArray()];

    [Fact]
    public void Layer_trace_with_two_micro_batches_follows_the_format_rules_and_its_flows_pair_up()
    {
        var problems = TraceFormatChecker.Check(Layered.Value.Trace.RootElement);
        problems.AddRange(TraceFormatChecker.CheckFlows(Layered.Value.Trace.RootElement));

        Assert.True(problems.Count == 0, string.Join("\n", problems.Take(10)));
        var stages = Events.Where(e => e.GetProperty("ph").GetString() == "X" && e.GetProperty("tid").GetInt32() > 0).ToList();
        // Both micro-batches ran stages on both lanes: tids 1-2 (micro-batch 0) and 3-4 (micro-batch 1).
        Assert.Equal([1, 2, 3, 4], stages.Select(e => e.GetProperty("tid").GetInt32()).Distinct().Order());
        Assert.Contains(stages, e => e.GetProperty("name").GetString() == "Experts L3" && e.TryGetProperty("bind_id", out _));
        Assert.Equal(0, Layered.Value.Trace.RootElement.GetProperty("otherData").GetProperty("dropped_events").GetInt64());
    }

    [Fact]
    public void Every_stage_lies_inside_a_step_slice_of_its_instance()
    {
        var steps = Events
            .Where(e => e.GetProperty("ph").GetString() == "X" && e.GetProperty("tid").GetInt32() == 0)
            .Select(e => (Pid: e.GetProperty("pid").GetInt32(), Start: e.GetProperty("ts").GetDouble(), End: e.GetProperty("ts").GetDouble() + e.GetProperty("dur").GetDouble()))
            .ToList();
        var stages = Events.Where(e => e.GetProperty("ph").GetString() == "X" && e.GetProperty("tid").GetInt32() > 0).ToList();

        Assert.NotEmpty(steps);
        Assert.Equal(Layered.Value.Result.Metrics.Pools["serving"].Steps, steps.Count);
        const double halfNs = 5e-4;
        foreach (var stage in stages)
        {
            var pid = stage.GetProperty("pid").GetInt32();
            var start = stage.GetProperty("ts").GetDouble();
            var end = start + stage.GetProperty("dur").GetDouble();
            Assert.True(
                steps.Any(s => s.Pid == pid && s.Start <= start + halfNs && end <= s.End + halfNs),
                $"stage {stage.GetProperty("name").GetString()} [{start}, {end}] of pid {pid} lies in no step");
        }
    }

    [Fact]
    public void Fault_window_and_rebalances_appear_as_instants_and_links_as_pool_counters()
    {
        var instants = Events.Where(e => e.GetProperty("ph").GetString() == "i").ToList();
        var faults = instants.Where(e => e.GetProperty("cat").GetString() == "fault").Select(e => (e.GetProperty("name").GetString(), e.GetProperty("ts").GetDouble())).ToList();

        Assert.Equal([("faults[0] starts", 1e6), ("faults[0] ends", 2e6)], faults);
        Assert.Contains(instants, e => e.GetProperty("cat").GetString() == "rebalance");
        var links = Events.Where(e => e.GetProperty("ph").GetString() == "C" && e.GetProperty("name").GetString() == "link_bytes_per_s").ToList();
        Assert.NotEmpty(links);
        // EP16 over two nodes: some of the all-to-all leaves the node and some stays.
        Assert.Contains(links, e => e.GetProperty("args").GetProperty("scale_out").GetDouble() > 0);
        Assert.Contains(links, e => e.GetProperty("args").GetProperty("scale_up").GetDouble() > 0);
    }

    [Fact]
    public void Layer_timeseries_counts_the_busy_time_the_run_reports()
    {
        var (result, _, timeseries) = Layered.Value;
        var rows = timeseries.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var header = rows[0].Split(',');
        int scope = Array.IndexOf(header, "scope"), busy = Array.IndexOf(header, "busy"), time = Array.IndexOf(header, "time_s");
        var pool = rows.Skip(1).Select(r => r.Split(',')).Where(c => c[scope] == "pool").ToList();
        var window = double.Parse(pool[1][time], System.Globalization.CultureInfo.InvariantCulture) - double.Parse(pool[0][time], System.Globalization.CultureInfo.InvariantCulture);

        // Busy seconds = sum of bucket busy shares × bucket width; the run reports busy fraction × simulated seconds.
        // Layer fidelity spreads each step's priced length (within a few % of the simulated one), so allow 5%.
        var fromTimeseries = pool.Sum(c => double.Parse(c[busy], System.Globalization.CultureInfo.InvariantCulture)) * window;
        var fromRun = result.Pools[0].BusyFraction * result.SimulatedSeconds;
        Assert.True(fromRun > 0.5, $"the run was busy only {fromRun} s");
        Assert.InRange(fromTimeseries, 0.95 * fromRun, 1.05 * fromRun);
    }

    [Fact]
    public void Event_cap_at_layer_fidelity_keeps_every_flow_whole()
    {
        var (_, trace, _) = Run(TraceOutputOptions.Default with { MaxEvents = 3000 });
        using (trace)
        {
            var problems = TraceFormatChecker.Check(trace.RootElement);
            problems.AddRange(TraceFormatChecker.CheckFlows(trace.RootElement));

            Assert.True(problems.Count == 0, string.Join("\n", problems.Take(10)));
            Assert.True(trace.RootElement.GetProperty("otherData").GetProperty("dropped_events").GetInt64() > 0);
            Assert.Contains(trace.RootElement.GetProperty("traceEvents").EnumerateArray(), e => e.TryGetProperty("bind_id", out _));
        }
    }
}
