using ClusterSim.Engine;
using ClusterSim.Input;
using ClusterSim.Scenarios;

namespace ClusterSim.Tests.Telemetry;

public sealed class TimeseriesBucketsTests
{
    // Hand calculation: the width needed is duration / 20,000 rounded up, then the next of 10, 20, 50, 100, ... ms.
    [Theory]
    [InlineData(8, 10)] // 0.4 ms needed: the 10 ms floor
    [InlineData(180, 10)] // the default scenario: 9 ms needed
    [InlineData(200, 10)] // exactly 20,000 buckets of 10 ms
    [InlineData(240, 20)] // 12 ms needed
    [InlineData(600, 50)] // 30 ms needed
    [InlineData(1000, 50)] // exactly 50 ms
    [InlineData(16_000, 1000)] // 800 ms needed
    [InlineData(100_000, 5000)] // 5 s needed
    public void Automatic_width_keeps_at_most_20000_readable_buckets(double seconds, double expectedMs)
    {
        var width = TimeseriesBuckets.For(SimDuration.FromSeconds(seconds));

        Assert.Equal(SimDuration.FromMilliseconds(expectedMs), width);
        Assert.True(Math.Ceiling(seconds * 1000 / expectedMs) <= TimeseriesBuckets.MaxBuckets);
    }

    [Fact]
    public void One_nanosecond_past_20000_buckets_takes_the_next_width()
    {
        var width = TimeseriesBuckets.For(SimDuration.FromSeconds(200) + SimDuration.FromNanoseconds(1));

        Assert.Equal(SimDuration.FromMilliseconds(20), width);
    }

    [Fact]
    public void A_long_run_without_the_key_gets_the_automatic_width()
    {
        var scenario = ShortRun.Scenario(16_000);

        Assert.Equal(SimDuration.FromSeconds(1), scenario.Outputs.TimeseriesWindow);
    }

    [Fact]
    public void Auto_is_accepted_and_an_explicit_width_wins_over_the_rule()
    {
        var auto = ShortRun.Scenario(16_000, new ScenarioOverride("outputs.timeseries_window", "auto"));
        var pinned = ShortRun.Scenario(16_000, new ScenarioOverride("outputs.timeseries_window", "10 ms"));

        Assert.Equal(SimDuration.FromSeconds(1), auto.Outputs.TimeseriesWindow);
        Assert.Equal(SimDuration.FromMilliseconds(10), pinned.Outputs.TimeseriesWindow);
    }

    [Fact]
    public void A_word_other_than_auto_is_refused_with_the_key_path()
    {
        var error = Assert.Throws<InputException>(() => ShortRun.Scenario(8, new ScenarioOverride("outputs.timeseries_window", "automatic")));

        Assert.Contains("outputs.timeseries_window", error.Message, StringComparison.Ordinal);
    }
}
