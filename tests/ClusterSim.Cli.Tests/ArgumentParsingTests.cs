using ClusterSim.Cli.Commands;

namespace ClusterSim.Cli.Tests;

public sealed class ArgumentParsingTests
{
    [Theory]
    [InlineData("a=1", "a", "1")]
    [InlineData("deployment.decode.experts.ep = 32", "deployment.decode.experts.ep", "32")]
    [InlineData("fabric.link.bandwidth=400 GB/s", "fabric.link.bandwidth", "400 GB/s")]
    [InlineData("workload.name=a=b", "workload.name", "a=b")]
    [InlineData("x=", "x", "")]
    public void SetAssignment_parses_key_and_value(string text, string key, string value)
    {
        Assert.True(SetAssignment.TryParse(text, out var assignment, out var error));
        Assert.Null(error);
        Assert.Equal(new SetAssignment(key, value), assignment);
    }

    [Theory]
    [InlineData("novalue")]
    [InlineData("=1")]
    [InlineData(".a=1")]
    [InlineData("a..b=1")]
    [InlineData("a.=1")]
    public void SetAssignment_rejects_malformed_text_with_an_example(string text)
    {
        Assert.False(SetAssignment.TryParse(text, out var assignment, out var error));
        Assert.Null(assignment);
        Assert.Contains("e.g.", error, StringComparison.Ordinal);
    }

    [Fact]
    public void SweepAxis_rejects_an_empty_list_entry()
    {
        Assert.False(SweepAxis.TryParse("ep=8,,32", out _, out var error));
        Assert.Contains("empty value", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ttft_p99=5", "ttft_p99", 5.0)]
    [InlineData("throughput_per_gpu=2.5%", "throughput_per_gpu", 2.5)]
    [InlineData("x=0", "x", 0.0)]
    public void MetricTolerance_parses_metric_and_percent(string text, string metric, double percent)
    {
        Assert.True(MetricTolerance.TryParse(text, out var tolerance, out _));
        Assert.Equal(new MetricTolerance(metric, percent), tolerance);
    }

    [Theory]
    [InlineData("ttft")]
    [InlineData("=5")]
    [InlineData("ttft=-1")]
    [InlineData("ttft=five")]
    [InlineData("ttft=NaN")]
    [InlineData("ttft=5,5")]
    public void MetricTolerance_rejects_malformed_text(string text)
    {
        Assert.False(MetricTolerance.TryParse(text, out _, out var error));
        Assert.StartsWith("--tolerance", error, StringComparison.Ordinal);
    }
}
