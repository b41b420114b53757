using ClusterSim.Engine;
using ClusterSim.Workloads;

namespace ClusterSim.Tests.Workloads;

public sealed class WorkloadSpecValidationTests
{
    private static SyntheticWorkloadSpec Valid => new(
        new ArrivalProcessSpec(ArrivalProcessKind.Poisson, 5),
        LengthDistributionSpec.LogNormalWithMedian(1000, 1),
        LengthDistributionSpec.Fixed(100),
        Duration: SimDuration.FromSeconds(60));

    private static string[] Errors(WorkloadSpec spec) => spec.Validate().Select(e => e.ToString()).ToArray();

    [Fact]
    public void A_valid_synthetic_spec_has_no_errors() => Assert.Empty(Errors(Valid));

    [Fact]
    public void Gamma_without_cv_names_workload_arrival_cv()
    {
        var errors = Errors(Valid with { Arrival = new ArrivalProcessSpec(ArrivalProcessKind.Gamma, 5) });
        Assert.Equal(["workload.arrival.cv: is required for process 'gamma' (coefficient of variation of the gaps, > 0)"], errors);
    }

    [Fact]
    public void Cv_on_a_poisson_process_is_refused()
    {
        var errors = Errors(Valid with { Arrival = new ArrivalProcessSpec(ArrivalProcessKind.Poisson, 5, 2) });
        Assert.Equal(["workload.arrival.cv: only applies to process 'gamma', not 'poisson'"], errors);
    }

    [Fact]
    public void Non_positive_rate_names_rate_per_s()
    {
        var errors = Errors(Valid with { Arrival = new ArrivalProcessSpec(ArrivalProcessKind.Constant, 0) });
        Assert.Single(errors);
        Assert.StartsWith("workload.arrival.rate_per_s: must be > 0", errors[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Zero_sigma_names_workload_input_tokens_sigma()
    {
        var errors = Errors(Valid with { InputTokens = LengthDistributionSpec.LogNormalWithMedian(1000, 0) });
        Assert.Equal(["workload.input_tokens.sigma: is required for distribution 'lognormal' and must be > 0 and <= 10"], errors);
    }

    [Fact]
    public void LogNormal_with_both_mean_and_median_is_refused()
    {
        var spec = Valid with { OutputTokens = LengthDistributionSpec.LogNormalWithMean(100, 1) with { Median = 80 } };
        Assert.Equal(["workload.output_tokens.mean: set exactly one of mean or median for distribution 'lognormal'"], Errors(spec));
    }

    [Fact]
    public void Zipf_needs_a_max_and_an_exponent()
    {
        var spec = Valid with { InputTokens = new LengthDistributionSpec { Distribution = LengthDistributionKind.Zipf } };
        var errors = Errors(spec);
        Assert.Equal(2, errors.Length);
        Assert.StartsWith("workload.input_tokens.max: is required for distribution 'zipf'", errors[0], StringComparison.Ordinal);
        Assert.StartsWith("workload.input_tokens.exponent: is required for distribution 'zipf'", errors[1], StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_the_distribution_does_not_use_is_named()
    {
        var spec = Valid with { OutputTokens = LengthDistributionSpec.Fixed(10) with { Sigma = 1 } };
        Assert.Equal(["workload.output_tokens.sigma: is not used by distribution 'fixed'"], Errors(spec));
    }

    [Fact]
    public void Uniform_with_max_below_min_is_refused()
    {
        var errors = Errors(Valid with { InputTokens = LengthDistributionSpec.Uniform(50, 10) });
        Assert.Equal(["workload.input_tokens.max: must be >= min (50)"], errors);
    }

    [Fact]
    public void A_workload_without_an_end_is_refused()
    {
        Assert.Equal(["workload: set duration, requests or both, so that the workload ends"], Errors(Valid with { Duration = null }));
    }

    [Fact]
    public void A_trace_spec_refuses_both_time_scale_and_rate_per_s()
    {
        var spec = new TraceWorkloadSpec("t.csv", TraceFormat.Azure) { TimeScale = 2, RatePerSecond = 3 };
        Assert.Equal(["workload.rate_per_s: set either time_scale or rate_per_s, not both"], Errors(spec));
    }

    [Fact]
    public void A_trace_spec_refuses_a_non_positive_time_scale_and_request_limit()
    {
        var spec = new TraceWorkloadSpec("t.csv", TraceFormat.Azure) { TimeScale = 0, Requests = 0 };
        var errors = Errors(spec);
        Assert.Equal(2, errors.Length);
        Assert.StartsWith("workload.time_scale:", errors[0], StringComparison.Ordinal);
        Assert.StartsWith("workload.requests:", errors[1], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("azure", TraceFormat.Azure)]
    [InlineData("Azure-2024", TraceFormat.Azure)]
    [InlineData("burstgpt", TraceFormat.BurstGpt)]
    [InlineData("mooncake", TraceFormat.Mooncake)]
    public void Trace_format_names_parse(string name, TraceFormat expected)
    {
        Assert.True(TraceFormats.TryParse(name, out var format));
        Assert.Equal(expected, format);
    }

    [Fact]
    public void Unknown_trace_format_name_does_not_parse() => Assert.False(TraceFormats.TryParse("sharegpt", out _));

    [Fact]
    public void Creating_a_source_from_an_invalid_spec_is_a_caller_bug()
    {
        Assert.Throws<ArgumentException>(() => ClusterSim.Workloads.Synthetic.SyntheticRequestSource.Create(Valid with { Duration = null }, 1));
    }
}
