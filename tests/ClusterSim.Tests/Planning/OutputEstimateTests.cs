using ClusterSim.Planning;
using ClusterSim.Scenarios;
using ClusterSim.Tests.Telemetry;

namespace ClusterSim.Tests.Planning;

public sealed class OutputEstimateTests
{
    private static Scenario With(double seconds, params ScenarioOverride[] extra) => ShortRun.Scenario(seconds, extra);

    [Fact]
    public void Requests_and_rows_follow_rate_duration_and_window()
    {
        // ShortRun: 30 requests/s for 8 s; the default deployment is one pool of one instance, one row per 10 ms bucket.
        var estimate = OutputEstimate.For(With(8).Plan());

        Assert.Equal(240, estimate.Requests!.Value, 9);
        Assert.Equal(800, estimate.TimeseriesRows, 9);
        Assert.Equal(0, estimate.TraceEvents);
        Assert.Equal((240 * OutputEstimate.RequestRowBytes) + (800 * OutputEstimate.TimeseriesRowBytes), estimate.TotalBytes, 6);
        Assert.Equal(240 + (8 * OutputEstimate.StepsPerInstanceSecond), estimate.Events, 9);
        Assert.Null(estimate.Refusal(With(8), OutputLimits.Default));
    }

    [Fact]
    public void Parquet_tables_are_estimated_at_their_measured_row_sizes_and_named_in_refusals()
    {
        // ShortRun again: 240 requests and 800 rows; Parquet rows take 60 and 40 bytes against 120 and 120 as CSV.
        var scenario = With(8, new ScenarioOverride("outputs.format", "parquet"));
        var estimate = OutputEstimate.For(scenario.Plan());

        Assert.Equal((240 * 60.0) + (800 * 40.0), estimate.TotalBytes, 6);
        Assert.Equal((240 * 120.0) + (800 * 120.0), OutputEstimate.For(With(8).Plan()).TotalBytes, 6);

        // A 1 ns window over 5 s: 5e9 rows, refused by the row limit, naming the Parquet file.
        var tiny = With(5, new ScenarioOverride("outputs.format", "parquet"), new ScenarioOverride("outputs.timeseries_window", "1 ns"));
        var refusal = OutputEstimate.For(tiny.Plan()).Refusal(tiny, OutputLimits.Default);
        Assert.NotNull(refusal);
        Assert.Contains("5e9 timeseries.parquet rows", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_one_nanosecond_window_is_refused_naming_the_window()
    {
        var scenario = With(5, new ScenarioOverride("outputs.timeseries_window", "1 ns"));
        var refusal = OutputEstimate.For(scenario.Plan()).Refusal(scenario, OutputLimits.Default);

        Assert.NotNull(refusal);
        Assert.Equal("outputs.timeseries_window", refusal.KeyPath);
        Assert.Contains("5e9 timeseries.csv rows", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("--allow-large", refusal.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', refusal.Message);
    }

    [Fact]
    public void A_hundred_thousand_hours_is_refused_naming_the_duration()
    {
        var scenario = With(8, new ScenarioOverride("simulation.duration", "100000 h"), new ScenarioOverride("simulation.warmup", "1 s"));
        var refusal = OutputEstimate.For(scenario.Plan()).Refusal(scenario, OutputLimits.Default);

        Assert.NotNull(refusal);
        Assert.Equal("simulation.duration", refusal.KeyPath);
    }

    [Fact]
    public void A_run_too_long_for_the_wall_clock_is_refused_even_without_files()
    {
        // 2000 h at 50 steps per second is 3.6e8 events: about 100 h at 1,000 events per second, over 12 h.
        var scenario = With(8, new ScenarioOverride("simulation.duration", "2000 h"), new ScenarioOverride("outputs.timeseries", "false"));
        var estimate = OutputEstimate.For(scenario.Plan(), telemetry: false);
        var refusal = estimate.Refusal(scenario, OutputLimits.Default);

        Assert.Equal(100, estimate.RunHours, 1);
        Assert.NotNull(refusal);
        Assert.Equal("simulation.duration", refusal.KeyPath);
        Assert.Contains("Runs:MaxRunHours", refusal.Message, StringComparison.Ordinal);
        Assert.Null(estimate.Refusal(scenario, new OutputLimits(MaxRunHours: 1000)));
    }

    [Fact]
    public void Output_bytes_over_the_limit_name_the_largest_file()
    {
        var scenario = With(8, new ScenarioOverride("outputs.trace", "true"));
        var refusal = OutputEstimate.For(scenario.Plan()).Refusal(scenario, new OutputLimits(MaxOutputBytes: 1e3));

        Assert.NotNull(refusal);
        Assert.Contains("Runs:MaxOutputBytes", refusal.Message, StringComparison.Ordinal);
    }
}
