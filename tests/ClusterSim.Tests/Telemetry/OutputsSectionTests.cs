using ClusterSim.Engine;
using ClusterSim.Scenarios;
using ClusterSim.Input;

namespace ClusterSim.Tests.Telemetry;

public sealed class OutputsSectionTests
{
    [Fact]
    public void Defaults_write_the_timeseries_and_no_trace()
    {
        var outputs = ShortRun.Scenario().Outputs;

        Assert.False(outputs.Trace);
        Assert.True(outputs.Timeseries);
        Assert.Equal(SimDuration.FromMilliseconds(10), outputs.TimeseriesWindow);
        Assert.Equal(SimDuration.Zero, outputs.TraceWindowStart);
        Assert.Null(outputs.TraceWindowEnd);
        Assert.Equal(OutputsSection.DefaultTraceMaxEvents, outputs.TraceMaxEvents);
    }

    [Fact]
    public void Trace_window_and_cap_are_read()
    {
        var outputs = ShortRun.Scenario(8, new("outputs.trace", "true"), new("outputs.trace_window_start", "2 s"), new("outputs.trace_window_end", "3 s"), new("outputs.trace_max_events", "5000"), new("outputs.timeseries", "false")).Outputs;

        Assert.True(outputs.Trace);
        Assert.False(outputs.Timeseries);
        Assert.Equal(SimDuration.FromSeconds(2), outputs.TraceWindowStart);
        Assert.Equal(SimDuration.FromSeconds(3), outputs.TraceWindowEnd);
        Assert.Equal(5000, outputs.TraceMaxEvents);
    }

    [Fact]
    public void Trace_window_ending_before_it_starts_is_refused_with_the_key_path()
    {
        var error = Assert.Throws<InputException>(() => ShortRun.Scenario(8, new("outputs.trace_window_start", "5 s"), new("outputs.trace_window_end", "2 s")));

        Assert.Contains("outputs.trace_window_end", error.Message, StringComparison.Ordinal);
        Assert.Contains("later than trace_window_start", error.Message, StringComparison.Ordinal);
    }
}
