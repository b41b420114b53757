using ClusterSim.Telemetry;

namespace ClusterSim.Tests.Telemetry;

public sealed class LatencySamplesTests
{
    [Fact]
    public void Quantiles_interpolate_linearly_between_closest_ranks_as_by_hand()
    {
        var samples = new LatencySamples();
        foreach (var v in new double[] { 40, 15, 50, 35, 20 })
        {
            samples.Add(v);
        }

        // Sorted: 15 20 35 40 50, n = 5, h = q (n - 1).
        // q 0.5: h 2 -> 35. q 0.4: h 1.6 -> 20 + 0.6 (35 - 20) = 29. q 0.9: h 3.6 -> 40 + 0.6 (50 - 40) = 46.
        // q 0.99: h 3.96 -> 40 + 0.96 (10) = 49.6. q 0 and 1: the extremes.
        Assert.Equal(35, samples.Quantile(0.5), 12);
        Assert.Equal(29, samples.Quantile(0.4), 12);
        Assert.Equal(46, samples.Quantile(0.9), 12);
        Assert.Equal(49.6, samples.Quantile(0.99), 12);
        Assert.Equal(15, samples.Quantile(0), 12);
        Assert.Equal(50, samples.Quantile(1), 12);
        Assert.Equal(32, samples.Mean, 12);
        Assert.Equal(50, samples.Max);
    }

    [Fact]
    public void Exact_quantiles_do_not_move_in_sketch_steps()
    {
        // 100.0 and 100.5 ms fall in the same 2 % sketch bucket; exact medians tell them apart.
        var a = new LatencySamples();
        var b = new LatencySamples();
        a.Add(100);
        b.Add(100.5);

        Assert.Equal(100, LatencySummary.From(a).P50);
        Assert.Equal(100.5, LatencySummary.From(b).P50);
    }

    [Fact]
    public void An_empty_distribution_is_absent_not_zero()
    {
        var empty = LatencySummary.From(new LatencySamples());
        var emptySketch = LatencySummary.From(new Engine.Monitoring.QuantileSketch());

        Assert.True(empty.IsEmpty);
        Assert.Equal(0, empty.Count);
        Assert.True(double.IsNaN(empty.P50) && double.IsNaN(empty.Mean) && double.IsNaN(empty.P99) && double.IsNaN(empty.Max));
        Assert.True(double.IsNaN(emptySketch.P50) && double.IsNaN(emptySketch.Mean));
    }
}
