using ClusterSim.Engine.Monitoring;
using ClusterSim.Engine.Random;

namespace ClusterSim.Engine.Tests;

public sealed class MonitoringTests
{
    [Fact]
    public void TimeWeightedLevel_mean_weights_each_value_by_how_long_it_was_held()
    {
        var level = new TimeWeightedLevel(SimTime.Zero, 2);
        level.Record(SimTime.FromSeconds(1), 6);
        level.Record(SimTime.FromSeconds(4), 0);
        // 2 for 1 s, 6 for 3 s, 0 for 1 s: integral 2 + 18 + 0 = 20 over 5 s: mean 4.
        Assert.Equal(20.0, level.Integral(SimTime.FromSeconds(5)), 12);
        Assert.Equal(4.0, level.Mean(SimTime.FromSeconds(5)), 12);
        Assert.Equal(0.0, level.Min);
        Assert.Equal(6.0, level.Max);
        Assert.Throws<ArgumentOutOfRangeException>(() => level.Record(SimTime.FromSeconds(3), 1));
    }

    [Fact]
    public void QuantileSketch_quantiles_stay_within_the_stated_relative_accuracy()
    {
        var sketch = new QuantileSketch(0.01);
        var rng = new RandomStream(4);
        var samples = new double[100_000];
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = rng.LogNormal(-3, 1.5); // spans several decades
            sketch.Add(samples[i]);
        }

        Array.Sort(samples);
        foreach (var q in new[] { 0.0, 0.1, 0.5, 0.9, 0.99, 0.999, 1.0 })
        {
            var exact = samples[(int)Math.Floor(q * (samples.Length - 1))];
            var estimate = sketch.Quantile(q);
            Assert.True(Math.Abs(estimate - exact) <= 0.01 * exact * (1 + 1e-9), $"q={q}: {estimate} vs {exact}");
        }

        Assert.Equal(samples.Length, sketch.Count);
        Assert.Equal(samples.Average(), sketch.Mean, 9);
    }

    [Fact]
    public void QuantileSketch_merge_equals_adding_everything_to_one_sketch()
    {
        var a = new QuantileSketch(0.02);
        var b = new QuantileSketch(0.02);
        var all = new QuantileSketch(0.02);
        for (var i = 0; i < 1000; i++)
        {
            double x = i % 7 == 0 ? 0 : i * 0.37;
            (i % 2 == 0 ? a : b).Add(x);
            all.Add(x);
        }

        a.Merge(b);
        Assert.Equal(all.Count, a.Count);
        foreach (var q in new[] { 0.05, 0.5, 0.9, 0.99 })
        {
            Assert.Equal(all.Quantile(q), a.Quantile(q));
        }

        Assert.Throws<ArgumentException>(() => a.Merge(new QuantileSketch(0.01)));
    }

    [Fact]
    public void QuantileSketch_counts_zeros_and_refuses_negative_samples()
    {
        var s = new QuantileSketch();
        Assert.True(double.IsNaN(s.Quantile(0.5)));
        s.Add(0);
        s.Add(0);
        s.Add(10);
        Assert.Equal(0.0, s.Quantile(0.5));
        Assert.Equal(10.0, s.Quantile(1.0), 6);
        Assert.Throws<ArgumentOutOfRangeException>(() => s.Add(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => s.Add(double.NaN));
    }

    [Fact]
    public void QuantileSketch_repeated_and_alternating_samples_land_in_their_own_buckets()
    {
        // Gamma = 1.01 / 0.99, about 1.0202: 10 and 10.5 (ratio 1.05) fall in different buckets, so a remembered bucket
        // reused for the wrong value would report about 10 where 10.5 is due.
        var s = new QuantileSketch(0.01);
        foreach (var v in new[] { 10.0, 10.0, 10.5, 10.0, 10.5, 10.5 })
        {
            s.Add(v);
        }

        // Sorted: 10, 10, 10, 10.5, 10.5, 10.5. Rank floor(q * 5): q = 0.4 -> 2 (10), q = 0.6 -> 3 (10.5).
        Assert.InRange(s.Quantile(0.4), 10 * 0.99, 10 * 1.01);
        Assert.InRange(s.Quantile(0.6), 10.5 * 0.99, 10.5 * 1.01);
        Assert.Equal(61.5, s.Sum, 9);
    }

    [Fact]
    public void QuantileSketch_repeated_adds_at_once_equal_the_adds_one_by_one_to_the_last_bit_of_the_sum()
    {
        var once = new QuantileSketch(0.01);
        var oneByOne = new QuantileSketch(0.01);
        // 0.1 added ten times is 0.9999999999999999, not 0.1 * 10 = 1: the sum must be added sample by sample.
        (double Value, long Count, long Repeats)[] runs = [(3.5, 1, 2), (0.1, 1, 10), (0, 1, 3), (0.1, 2, 7), (12.25, 3, 1), (0.7, 1, 1000)];
        foreach (var (value, count, repeats) in runs)
        {
            once.AddRepeated(value, count, repeats);
            for (var i = 0; i < repeats; i++)
            {
                oneByOne.Add(value, count);
            }
        }

        Assert.Equal(2 + 10 + 3 + 14 + 3 + 1000, once.Count);
        Assert.Equal(oneByOne.Count, once.Count);
        Assert.Equal(BitConverter.DoubleToInt64Bits(oneByOne.Sum), BitConverter.DoubleToInt64Bits(once.Sum));
        Assert.Equal(oneByOne.Min, once.Min);
        Assert.Equal(oneByOne.Max, once.Max);
        foreach (var q in new[] { 0, 0.001, 0.01, 0.1, 0.25, 0.5, 0.9, 0.99, 0.999, 1 })
        {
            Assert.Equal(oneByOne.Quantile(q), once.Quantile(q));
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => once.AddRepeated(1, 1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => once.AddRepeated(-1, 1, 2));
    }
}
