using ClusterSim.Engine;
using ClusterSim.Workloads;
using ClusterSim.Workloads.Synthetic;

namespace ClusterSim.Tests.Workloads;

public sealed class ArrivalProcessTests
{
    private static double[] Gaps(SyntheticWorkloadSpec spec, ulong seed = 7)
    {
        var arrivals = WorkloadTestFiles.ReadAll(SyntheticRequestSource.Create(spec, seed));
        var gaps = new double[arrivals.Count];
        var previous = 0L;
        for (var i = 0; i < arrivals.Count; i++)
        {
            gaps[i] = (arrivals[i].Arrival.Nanoseconds - previous) / 1e9;
            previous = arrivals[i].Arrival.Nanoseconds;
        }

        return gaps;
    }

    private static (double Mean, double Cv) MeanAndCv(double[] gaps)
    {
        var mean = gaps.Average();
        var variance = gaps.Sum(g => (g - mean) * (g - mean)) / (gaps.Length - 1);
        return (mean, Math.Sqrt(variance) / mean);
    }

    [Fact]
    public void Poisson_arrivals_have_the_requested_mean_rate_and_unit_cv()
    {
        // 200,000 exponential gaps: the standard error of the mean is 1/sqrt(n) = 0.22% of it.
        var (mean, cv) = MeanAndCv(Gaps(SyntheticSpecs.Poisson(8, 200_000)));
        Assert.InRange(1 / mean, 8 * 0.985, 8 * 1.015);
        Assert.InRange(cv, 0.97, 1.03);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(2.0)]
    public void Gamma_arrivals_have_the_requested_mean_rate_and_cv(double cv)
    {
        var spec = new SyntheticWorkloadSpec(
            new ArrivalProcessSpec(ArrivalProcessKind.Gamma, 20, cv),
            LengthDistributionSpec.Fixed(1),
            LengthDistributionSpec.Fixed(1),
            Requests: 200_000);
        var (mean, measuredCv) = MeanAndCv(Gaps(spec));
        Assert.InRange(1 / mean, 20 * 0.98, 20 * 1.02);
        Assert.InRange(measuredCv, cv * 0.95, cv * 1.05);
    }

    [Fact]
    public void Constant_arrivals_are_evenly_spaced_starting_one_gap_after_zero()
    {
        var spec = new SyntheticWorkloadSpec(
            new ArrivalProcessSpec(ArrivalProcessKind.Constant, 4),
            LengthDistributionSpec.Fixed(1),
            LengthDistributionSpec.Fixed(1),
            Duration: SimDuration.FromSeconds(10));
        var arrivals = WorkloadTestFiles.ReadAll(SyntheticRequestSource.Create(spec, 1));

        // 4 per second for 10 s, arrivals at 0.25, 0.5, ..., 9.75 (10.0 is not before the end): 39.
        Assert.Equal(39, arrivals.Count);
        Assert.Equal(250_000_000, arrivals[0].Arrival.Nanoseconds);
        Assert.Equal(9_750_000_000, arrivals[^1].Arrival.Nanoseconds);
    }

    [Fact]
    public void Duration_bound_stops_before_the_end_and_yields_about_rate_times_duration()
    {
        var spec = new SyntheticWorkloadSpec(
            new ArrivalProcessSpec(ArrivalProcessKind.Poisson, 50),
            LengthDistributionSpec.Fixed(1),
            LengthDistributionSpec.Fixed(1),
            Duration: SimDuration.FromSeconds(200));
        var arrivals = WorkloadTestFiles.ReadAll(SyntheticRequestSource.Create(spec, 3));

        // Expect 50 * 200 = 10,000 with a Poisson standard deviation of 100.
        Assert.InRange(arrivals.Count, 9_600, 10_400);
        Assert.True(arrivals[^1].Arrival < SimTime.FromSeconds(200));
    }

    [Fact]
    public void Requests_and_duration_together_stop_at_whichever_comes_first()
    {
        var spec = SyntheticSpecs.Poisson(100, 50) with { Duration = SimDuration.FromSeconds(1000) };
        Assert.Equal(50, WorkloadTestFiles.ReadAll(SyntheticRequestSource.Create(spec, 3)).Count);
    }

    [Fact]
    public void Arrivals_never_go_backwards()
    {
        var spec = new SyntheticWorkloadSpec(
            new ArrivalProcessSpec(ArrivalProcessKind.Gamma, 1000, 10),
            LengthDistributionSpec.Fixed(1),
            LengthDistributionSpec.Fixed(1),
            Requests: 20_000);
        var arrivals = WorkloadTestFiles.ReadAll(SyntheticRequestSource.Create(spec, 11));
        for (var i = 1; i < arrivals.Count; i++)
        {
            Assert.True(arrivals[i].Arrival >= arrivals[i - 1].Arrival);
        }
    }
}
