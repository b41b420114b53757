using ClusterSim.Workloads;
using ClusterSim.Workloads.Synthetic;

namespace ClusterSim.Tests.Workloads;

public sealed class SyntheticDeterminismTests
{
    private static SyntheticWorkloadSpec Spec(LengthDistributionSpec input, LengthDistributionSpec output) => new(
        new ArrivalProcessSpec(ArrivalProcessKind.Gamma, 10, 2),
        input,
        output,
        Requests: 2000);

    private static readonly LengthDistributionSpec Input = LengthDistributionSpec.LogNormalWithMedian(1000, 1);
    private static readonly LengthDistributionSpec Output = LengthDistributionSpec.Zipf(500, 1.1);

    [Fact]
    public void Same_seed_gives_the_same_sequence()
    {
        var a = WorkloadTestFiles.ReadAll(SyntheticRequestSource.Create(Spec(Input, Output), 42));
        var b = WorkloadTestFiles.ReadAll(SyntheticRequestSource.Create(Spec(Input, Output), 42));
        Assert.Equal(a, b);
    }

    [Fact]
    public void Different_seeds_give_different_arrivals()
    {
        var a = WorkloadTestFiles.ReadAll(SyntheticRequestSource.Create(Spec(Input, Output), 42));
        var b = WorkloadTestFiles.ReadAll(SyntheticRequestSource.Create(Spec(Input, Output), 43));
        Assert.NotEqual(a.Select(r => r.Arrival), b.Select(r => r.Arrival));
    }

    [Fact]
    public void Changing_output_lengths_leaves_arrivals_and_input_lengths_unchanged()
    {
        var a = WorkloadTestFiles.ReadAll(SyntheticRequestSource.Create(Spec(Input, Output), 42));
        var b = WorkloadTestFiles.ReadAll(SyntheticRequestSource.Create(Spec(Input, LengthDistributionSpec.LogNormalWithMean(300, 0.7)), 42));

        Assert.Equal(a.Select(r => r.Arrival), b.Select(r => r.Arrival));
        Assert.Equal(a.Select(r => r.InputTokens), b.Select(r => r.InputTokens));
        Assert.NotEqual(a.Select(r => r.OutputTokens), b.Select(r => r.OutputTokens));
    }

    [Fact]
    public void Changing_input_lengths_leaves_arrivals_and_output_lengths_unchanged()
    {
        var a = WorkloadTestFiles.ReadAll(SyntheticRequestSource.Create(Spec(Input, Output), 42));
        var b = WorkloadTestFiles.ReadAll(SyntheticRequestSource.Create(Spec(LengthDistributionSpec.Uniform(1, 9), Output), 42));

        Assert.Equal(a.Select(r => r.Arrival), b.Select(r => r.Arrival));
        Assert.Equal(a.Select(r => r.OutputTokens), b.Select(r => r.OutputTokens));
    }

    [Fact]
    public void RequestSources_opens_the_source_each_spec_describes()
    {
        using var synthetic = RequestSources.Open(Spec(Input, Output), 1);
        Assert.IsType<SyntheticRequestSource>(synthetic);
        using var trace = RequestSources.Open(new TraceWorkloadSpec("burstgpt-sample.csv", TraceFormat.BurstGpt), 1, WorkloadTestFiles.SamplesDirectory);
        Assert.True(trace.TryNext(out var first));
        Assert.Equal(0, first.Arrival.Nanoseconds);
    }
}
