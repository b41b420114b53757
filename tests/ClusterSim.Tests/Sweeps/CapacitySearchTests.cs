using ClusterSim.Sweeps;

namespace ClusterSim.Tests.Sweeps;

public sealed class CapacitySearchTests
{
    // A deployment that meets its SLOs for every request up to 37.3 req/s and for none above.
    private static double Cliff(double rate) => rate <= 37.3 ? 1.0 : 0.0;

    [Theory]
    [InlineData(1.0)]
    [InlineData(12.0)]
    [InlineData(37.3)]
    [InlineData(500.0)]
    public void Search_brackets_the_cliff_within_the_precision_from_any_start(double start)
    {
        var outcome = CapacitySearch.Search(start, 0.9, 0.02, Cliff);

        Assert.Equal(CapacityStatus.Found, outcome.Status);
        var pass = outcome.RatePerSecond!.Value;
        var fail = outcome.FailingRatePerSecond!.Value;
        Assert.True(pass <= 37.3 && fail > 37.3, $"bracket [{pass}, {fail}) must contain the cliff");
        Assert.True(fail - pass <= 0.02 * pass, $"bracket [{pass}, {fail}) wider than 2 %");
        Assert.Contains(outcome.Probes, p => p.RatePerSecond == pass && p.MeetsTarget);
        Assert.Contains(outcome.Probes, p => p.RatePerSecond == fail && !p.MeetsTarget);
    }

    [Fact]
    public void Search_counts_the_target_as_met_at_equality()
    {
        // Attainment falls linearly from 1 at 0 req/s to 0 at 100 req/s: the target 0.9 is met up to exactly 10 req/s.
        var outcome = CapacitySearch.Search(10, 0.9, 0.01, rate => 1 - (rate / 100));

        Assert.Equal(10, outcome.RatePerSecond);
        Assert.Equal(CapacityStatus.Found, outcome.Status);
    }

    [Fact]
    public void Search_reports_below_range_when_even_tiny_rates_fail()
    {
        var outcome = CapacitySearch.Search(8, 0.9, 0.05, _ => 0.5);

        Assert.Equal(CapacityStatus.BelowRange, outcome.Status);
        Assert.Null(outcome.RatePerSecond);
        Assert.Equal(CapacitySearch.MaxBracketSteps + 1, outcome.Probes.Count);
    }

    [Fact]
    public void Search_reports_above_range_when_every_rate_passes()
    {
        var outcome = CapacitySearch.Search(1, 0.9, 0.05, _ => 1);

        Assert.Equal(CapacityStatus.AboveRange, outcome.Status);
        Assert.Equal(Math.Pow(2, CapacitySearch.MaxBracketSteps), outcome.RatePerSecond);
        Assert.Null(outcome.FailingRatePerSecond);
    }

    [Fact]
    public void Search_rejects_a_target_outside_0_to_1()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => CapacitySearch.Search(1, 1.5, 0.05, Cliff));
    }
}
