using System.Text.Json;
using ClusterSim.Engine;
using ClusterSim.Telemetry;

namespace ClusterSim.Tests.Telemetry;

public sealed class TraceJsonWriterTests
{
    [Fact]
    public void Run_trace_follows_the_chrome_trace_event_rules()
    {
        var (result, _, trace, outputs) = ShortRun.Run(ShortRun.Scenario());
        using var document = JsonDocument.Parse(trace);
        var problems = TraceFormatChecker.Check(document.RootElement);

        Assert.True(problems.Count == 0, string.Join("\n", problems.Take(10)));
        var events = document.RootElement.GetProperty("traceEvents").EnumerateArray().ToList();
        // One slice per step, and a request span (b and e) per request.
        Assert.Equal(result.Metrics.Pools["serving"].Steps, events.Count(e => e.GetProperty("ph").GetString() == "X"));
        Assert.Equal(result.Metrics.Arrived, events.Count(e => e.GetProperty("ph").GetString() == "b" && e.GetProperty("name").GetString()!.StartsWith("request ", StringComparison.Ordinal)));
        Assert.Equal(outputs.Trace!.Events, events.Count);
        Assert.Equal(0, document.RootElement.GetProperty("otherData").GetProperty("dropped_events").GetInt64());
    }

    [Fact]
    public void Event_cap_keeps_the_file_valid_and_counts_what_it_left_out()
    {
        var options = TraceOutputOptions.Default with { MaxEvents = 500 };
        var (_, _, trace, outputs) = ShortRun.Run(ShortRun.Scenario(), options);
        using var document = JsonDocument.Parse(trace);

        var problems = TraceFormatChecker.Check(document.RootElement);
        Assert.True(problems.Count == 0, string.Join("\n", problems.Take(10)));
        Assert.True(document.RootElement.GetProperty("traceEvents").GetArrayLength() <= 500);
        Assert.True(outputs.Trace!.DroppedEvents > 0);
        Assert.Equal(outputs.Trace.DroppedEvents, document.RootElement.GetProperty("otherData").GetProperty("dropped_events").GetInt64());
    }

    [Fact]
    public void Time_window_keeps_only_events_that_overlap_it()
    {
        var start = SimTime.Zero + SimDuration.FromSeconds(3);
        var end = SimTime.Zero + SimDuration.FromSeconds(4);
        var (_, _, trace, _) = ShortRun.Run(ShortRun.Scenario(), TraceOutputOptions.Default with { WindowStart = start, WindowEnd = end });
        using var document = JsonDocument.Parse(trace);

        var problems = TraceFormatChecker.Check(document.RootElement);
        Assert.True(problems.Count == 0, string.Join("\n", problems.Take(10)));
        var slices = document.RootElement.GetProperty("traceEvents").EnumerateArray().Where(e => e.GetProperty("ph").GetString() is "X" or "C").ToList();
        Assert.NotEmpty(slices);
        foreach (var e in slices)
        {
            var ts = e.GetProperty("ts").GetDouble();
            var dur = e.TryGetProperty("dur", out var d) ? d.GetDouble() : 0;
            Assert.True(ts + dur >= 3e6 && ts < 4e6, $"event at {ts} us (dur {dur}) lies outside [3 s, 4 s)");
        }
    }

    [Fact]
    public void Checker_finds_an_unended_span_and_a_counter_going_back()
    {
        // The checker itself must be able to fail, or the tests above prove nothing.
        const string bad = """
            {"traceEvents":[
              {"ph":"M","name":"process_name","pid":0,"tid":0,"args":{"name":"p"}},
              {"ph":"b","cat":"request","name":"r","id":1,"pid":0,"ts":1},
              {"ph":"C","name":"kv","pid":0,"ts":5,"args":{"max":1}},
              {"ph":"C","name":"kv","pid":0,"ts":4,"args":{"max":1}},
              {"ph":"X","name":"a","cat":"s","pid":0,"tid":0,"ts":0,"dur":10},
              {"ph":"X","name":"b","cat":"s","pid":0,"tid":0,"ts":5,"dur":10}
            ]}
            """;
        using var document = JsonDocument.Parse(bad);
        var problems = TraceFormatChecker.Check(document.RootElement);

        Assert.Contains(problems, p => p.Contains("never ended", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("back in time", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("without nesting", StringComparison.Ordinal));
    }

    [Fact]
    public void Flow_checker_finds_a_flow_without_its_end()
    {
        const string bad = """
            {"traceEvents":[
              {"ph":"X","name":"Dispatch L0","cat":"communication","pid":1,"tid":2,"ts":0,"dur":1,"bind_id":7,"flow_out":true},
              {"ph":"X","name":"Experts L0","cat":"compute","pid":1,"tid":1,"ts":1,"dur":1,"bind_id":7,"flow_in":true,"flow_out":true}
            ]}
            """;
        using var document = JsonDocument.Parse(bad);

        Assert.Contains(TraceFormatChecker.CheckFlows(document.RootElement), p => p.Contains("flow 7: 1 start(s), 0 end(s)", StringComparison.Ordinal));
    }
}
