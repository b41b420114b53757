using ClusterSim.Workloads;
using ClusterSim.Workloads.Synthetic;

namespace ClusterSim.Tests.Workloads;

public sealed class LengthDistributionTests
{
    private static int[] Inputs(LengthDistributionSpec input, int n = 100_000, ulong seed = 5, string? baseDirectory = null) =>
        WorkloadTestFiles.ReadAll(SyntheticRequestSource.Create(SyntheticSpecs.ConstantWithLengths(input, LengthDistributionSpec.Fixed(1), n), seed, baseDirectory))
            .Select(r => r.InputTokens).ToArray();

    [Fact]
    public void Fixed_always_gives_the_value()
    {
        Assert.All(Inputs(LengthDistributionSpec.Fixed(321), 1000), v => Assert.Equal(321, v));
    }

    [Fact]
    public void Uniform_stays_in_bounds_and_has_the_midpoint_mean()
    {
        var values = Inputs(LengthDistributionSpec.Uniform(10, 20));
        Assert.All(values, v => Assert.InRange(v, 10, 20));

        // Mean (10 + 20) / 2 = 15; standard error sqrt(10/n) ≈ 0.01.
        Assert.InRange(values.Average(), 14.95, 15.05);
        Assert.Contains(10, values);
        Assert.Contains(20, values);
    }

    [Fact]
    public void LogNormal_given_a_mean_has_that_mean()
    {
        // sigma 0.5: the standard deviation is mean * sqrt(e^0.25 − 1) ≈ 0.533 · mean, so the standard error
        // over 100,000 draws is 0.17% of the mean.
        var values = Inputs(LengthDistributionSpec.LogNormalWithMean(1000, 0.5));
        Assert.InRange(values.Average(), 990, 1010);
    }

    [Fact]
    public void LogNormal_given_a_median_has_that_median()
    {
        var values = Inputs(LengthDistributionSpec.LogNormalWithMedian(500, 1.0));
        Array.Sort(values);
        Assert.InRange(values[values.Length / 2], 490, 510);
    }

    [Fact]
    public void LogNormal_is_clamped_to_min_and_max()
    {
        var values = Inputs(LengthDistributionSpec.LogNormalWithMedian(1000, 2.0, min: 100, max: 2000));
        Assert.All(values, v => Assert.InRange(v, 100, 2000));

        // P(X >= 2000) = 1 − Φ(ln 2 / 2) = 1 − Φ(0.3466) = 0.3645.
        var atMax = values.Count(v => v == 2000) / (double)values.Length;
        Assert.InRange(atMax, 0.355, 0.375);
    }

    [Fact]
    public void Zipf_has_the_exact_mean_of_its_finite_support()
    {
        const int max = 1000;
        const double s = 1.2;

        // Mean = Σ k·k^-s / Σ k^-s over k = 1..max.
        var expected = Enumerable.Range(1, max).Sum(k => Math.Pow(k, 1 - s)) / Enumerable.Range(1, max).Sum(k => Math.Pow(k, -s));
        var values = Inputs(LengthDistributionSpec.Zipf(max, s), 200_000);

        Assert.All(values, v => Assert.InRange(v, 1, max));
        Assert.InRange(values.Average(), expected * 0.97, expected * 1.03);

        // P(1) = 1 / Σ k^-s.
        var p1 = 1 / Enumerable.Range(1, max).Sum(k => Math.Pow(k, -s));
        Assert.InRange(values.Count(v => v == 1) / (double)values.Length, p1 - 0.005, p1 + 0.005);
    }

    [Fact]
    public void Zipf_with_exponent_zero_is_uniform()
    {
        var values = Inputs(LengthDistributionSpec.Zipf(9, 0), 90_000);

        // Uniform over 1..9: mean 5.
        Assert.InRange(values.Average(), 4.95, 5.05);
    }

    [Fact]
    public void Empirical_from_a_lengths_file_draws_only_its_values_with_their_mean()
    {
        var path = WorkloadTestFiles.WriteTemp("lengths.txt", "tokens\n100\n200\n\n# a comment\n300\n600\n");
        var values = Inputs(LengthDistributionSpec.FromEmpirical(new EmpiricalLengthsSpec(path)));

        Assert.All(values, v => Assert.Contains(v, new[] { 100, 200, 300, 600 }));

        // Mean (100 + 200 + 300 + 600) / 4 = 300; standard error 187/sqrt(n) ≈ 0.6.
        Assert.InRange(values.Average(), 297, 303);
    }

    [Fact]
    public void Empirical_from_a_trace_column_matches_the_column_mean()
    {
        var expected = File.ReadAllLines(WorkloadTestFiles.Sample("azure-conv-2024-sample.csv")).Skip(1)
            .Average(l => int.Parse(l.Split(',')[2], System.Globalization.CultureInfo.InvariantCulture));
        var spec = LengthDistributionSpec.FromEmpirical(new EmpiricalLengthsSpec("azure-conv-2024-sample.csv", TraceFormat.Azure, TokenColumn.Output));
        var values = Inputs(spec, 100_000, 5, WorkloadTestFiles.SamplesDirectory);

        Assert.InRange(values.Average(), expected * 0.98, expected * 1.02);
    }

    [Fact]
    public void LogNormal_mu_follows_the_documented_convention()
    {
        // Given a mean: mu = ln(mean) − sigma²/2 = ln(1000) − 0.125 = 6.782755...
        Assert.Equal(Math.Log(1000) - 0.125, SyntheticRequestSource.LogNormalMu(LengthDistributionSpec.LogNormalWithMean(1000, 0.5)), 12);
        Assert.Equal(Math.Log(1000), SyntheticRequestSource.LogNormalMu(LengthDistributionSpec.LogNormalWithMedian(1000, 0.5)), 12);
    }
}
