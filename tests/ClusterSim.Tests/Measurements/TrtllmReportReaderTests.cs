using ClusterSim.Input;
using ClusterSim.Measurements;

namespace ClusterSim.Tests.Measurements;

public sealed class TrtllmReportReaderTests
{
    [Fact]
    public void The_sample_reads_every_field_the_comparison_uses()
    {
        var run = TrtllmReportReader.Read(MeasurementSamples.Path("trtllm-bench-report.json"));

        Assert.Equal(MeasurementFormat.Trtllm, run.Format);
        Assert.Equal(new HarnessSettings(null, null, 8, 8), run.Harness);
        Assert.False(run.Harness.IsClosedLoop); // the report does not record --concurrency
        Assert.Empty(run.Requests);
        var r = run.Reported;
        Assert.Equal(8, r.Completed);
        Assert.Null(r.Failed);
        Assert.Equal(0.6, r.DurationSeconds!.Value, 12);
        Assert.Equal(512, r.MeanInputTokens);
        Assert.Equal(16, r.MeanOutputTokens);
        Assert.Equal(213.333333, r.OutputTokensPerSecond);
        Assert.Equal(26.666667, r.OutputTokensPerSecondPerGpu);
        // token_output_speed_tok_s (first token excluded), not output_throughput_per_user_tok_s (57.6, with context).
        Assert.Equal(74.1, r.OutputTokensPerSecondPerUser);
        Assert.Equal(new LatencyFigures(75, 74, 95, 99), r.Ttft);
        Assert.Equal(new LatencyFigures(13.5, 13.4, 13.9, 14.1), r.Tpot);
        Assert.Equal(new LatencyFigures(277.5, 276, 290, 299), r.E2e);
    }

    [Fact]
    public void A_report_without_streaming_metrics_has_no_ttft_tpot_or_per_user_figure()
    {
        var path = MeasurementSamples.Write("r.json", """
            {"request_info": {"num_requests": 4}, "performance": {"total_latency_ms": 1000, "system_output_throughput_tok_s": 50,
             "request_latency_percentiles_ms": {"p50": 1, "p90": 2, "p95": 3, "p99": 4, "minimum": 0, "maximum": 5, "average": 2}}}
            """);

        var run = TrtllmReportReader.Read(path);

        Assert.Equal(LatencyFigures.None, run.Figures.Ttft);
        Assert.Equal(LatencyFigures.None, run.Figures.Tpot);
        Assert.Null(run.Figures.OutputTokensPerSecondPerUser);
        Assert.Null(run.Harness.Accelerators);
        Assert.Equal(new LatencyFigures(2, 1, 2, 4), run.Figures.E2e);
    }

    [Theory]
    [InlineData("""{"request_info": {}}""", "r.json: performance: is missing; a trtllm-bench --report_json report has performance, request_info (is --format right?)")]
    [InlineData("""{"request_info": {}, "performance": {"total_latency_ms": 1}}""", "r.json: performance.system_output_throughput_tok_s: is missing; the report's performance section has total_latency_ms, system_output_throughput_tok_s (is --format right?)")]
    [InlineData("""{"request_info": {}, "performance": []}""", "r.json: performance: is a JSON array; expected an object")]
    [InlineData("""{"request_info": {}, "performance": {"total_latency_ms": 1, "system_output_throughput_tok_s": 1}, "world_info": {"world_size": 0}}""", "r.json: world_info.world_size: is 0; expected the number of GPUs (>= 1)")]
    [InlineData("""{"request_info": {}, "performance": {"total_latency_ms": 1, "system_output_throughput_tok_s": 1}, "streaming_metrics": {"ttft_percentiles": {"p50": "x"}}}""", "r.json: streaming_metrics.ttft_percentiles.p50: is the string \"x\"; expected a number of ms (>= 0)")]
    public void A_malformed_report_is_one_line_naming_the_key(string text, string expectedTail)
    {
        var path = MeasurementSamples.Write("r.json", text);

        var e = Assert.Throws<InputException>(() => TrtllmReportReader.Read(path));

        Assert.DoesNotContain('\n', e.Message);
        Assert.EndsWith(expectedTail, e.Message, StringComparison.Ordinal);
    }
}
