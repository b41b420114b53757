using ClusterSim.Input;
using ClusterSim.Measurements;

namespace ClusterSim.Tests.Measurements;

public sealed class VllmResultReaderTests
{
    [Fact]
    public void The_sample_reads_every_summary_field_the_file_states()
    {
        var run = VllmResultReader.Read(MeasurementSamples.Path("vllm-save-result.json"));

        Assert.Equal(MeasurementFormat.Vllm, run.Format);
        Assert.Equal(double.PositiveInfinity, run.Harness.RequestRate);
        Assert.Equal(4, run.Harness.MaxConcurrency);
        Assert.Equal(8, run.Harness.Prompts);
        Assert.True(run.Harness.IsClosedLoop);
        Assert.Null(run.Harness.Accelerators);

        var r = run.Reported;
        Assert.Equal(8, r.Completed);
        Assert.Null(r.Failed); // benchmark_serving.py writes no "failed"; vllm bench serve does
        Assert.Equal(0.62, r.DurationSeconds);
        Assert.Equal(4096 / 8.0, r.MeanInputTokens);
        Assert.Equal(128 / 8.0, r.MeanOutputTokens);
        Assert.Equal(128 / 0.62, r.OutputTokensPerSecond!.Value, 9);
        Assert.Null(r.OutputTokensPerSecondPerGpu);
        Assert.Null(r.OutputTokensPerSecondPerUser);
        Assert.Equal(new LatencyFigures(79.25, 80, null, 99.65), Rounded(r.Ttft));
        Assert.Equal(new LatencyFigures(13.5, 13.5, null, 13.5), Rounded(r.Tpot));
        Assert.Equal(new LatencyFigures(281.75, 282.5, null, 302.15), Rounded(r.E2e));
    }

    [Fact]
    public void The_per_request_arrays_become_requests_and_fill_what_the_summary_lacks()
    {
        var run = VllmResultReader.Read(MeasurementSamples.Path("vllm-save-result.json"));

        Assert.Equal(8, run.Requests.Count);
        var first = run.Requests[0];
        Assert.Equal(512, first.InputTokens);
        Assert.Equal(16, first.OutputTokens);
        Assert.True(first.Succeeded);
        Assert.Null(first.ArrivalSeconds); // benchmark_serving.py saves no send times
        Assert.Equal(60, first.TtftMs!.Value, 9);
        // No "latencies" array: E2E is TTFT plus the 15 gaps of 13.5 ms.
        Assert.Equal(60 + (15 * 13.5), first.E2eMs!.Value, 9);

        // ttfts sorted: 60 62 65 70 90 92 95 100 ms; p90 at rank 0.9 x 7 = 6.3: 95 + 0.3 x (100 - 95) = 96.5.
        var figures = run.Figures;
        Assert.Equal(96.5, figures.Ttft.P90!.Value, 9);
        Assert.Equal(79.25, figures.Ttft.Mean!.Value, 9); // reported wins over derived
        Assert.Equal(96.5 + 202.5, figures.E2e.P90!.Value, 9);
        Assert.Equal(13.5, figures.Tpot.P90!.Value, 9);
        // Per user: 15 tokens after the first over 202.5 ms, for every request.
        Assert.Equal(15 / 0.2025, figures.OutputTokensPerSecondPerUser!.Value, 9);
        // No send times, so throughput comes from the summary only.
        Assert.Null(run.Derived.OutputTokensPerSecond);
        Assert.Equal(128 / 0.62, figures.OutputTokensPerSecond!.Value, 9);
    }

    [Fact]
    public void Newer_vllm_latencies_start_times_and_failed_requests_are_read()
    {
        var path = MeasurementSamples.Write("new.json", """
            {"request_rate": 2.5, "max_concurrency": null, "duration": 4.0, "completed": 2, "failed": 1,
             "total_input_tokens": 300, "total_output_tokens": 30, "output_throughput": 7.5,
             "input_lens": [100, 200, 50], "output_lens": [10, 20, 0], "ttfts": [0.1, 0.2, 0.0], "itls": [[], [], []],
             "latencies": [1.0, 3.0, 0.0], "start_times": [100.5, 101.0, 101.5], "errors": ["", "", "timeout"]}
            """);

        var run = VllmResultReader.Read(path);

        Assert.Equal(2.5, run.Harness.RequestRate);
        Assert.Null(run.Harness.MaxConcurrency);
        Assert.False(run.Harness.IsClosedLoop);
        Assert.Equal(1, run.Reported.Failed);
        Assert.Equal(new MeasuredRequest(0, 100, 10, 100, 1000, true), run.Requests[0]);
        Assert.Equal(new MeasuredRequest(0.5, 200, 20, 200, 3000, true), run.Requests[1]);
        Assert.False(run.Requests[2].Succeeded);
        // Derived duration: first send 100.5 to last end 101.0 + 3.0 = 104.0, so 3.5 s; 30 tokens over it.
        Assert.Equal(3.5, run.Derived.DurationSeconds!.Value, 9);
        Assert.Equal(30 / 3.5, run.Derived.OutputTokensPerSecond!.Value, 9);
        // TPOT per request (E2E - TTFT) / (out - 1): 900/9 = 100 and 2800/19; mean of the two.
        Assert.Equal((100 + (2800.0 / 19)) / 2, run.Derived.Tpot.Mean!.Value, 9);
    }

    [Theory]
    [InlineData("""{"completed": 1, "output_throughput": 1}""", "x.json: duration: is missing; a benchmark_serving.py --save-result file has duration, completed, output_throughput (is --format right?)")]
    [InlineData("""{"duration": "long", "completed": 1, "output_throughput": 1}""", "x.json: duration: is the string \"long\"; expected a number of seconds (>= 0)")]
    [InlineData("""{"duration": 1, "completed": 1.5, "output_throughput": 1}""", "x.json: completed: is 1.5; expected a whole number of requests (>= 0)")]
    [InlineData("""{"duration": 1, "completed": 1, "output_throughput": -3}""", "x.json: output_throughput: is -3; expected a finite number of tokens/s (>= 0)")]
    [InlineData("""{"duration": 1, "completed": 1, "output_throughput": 1, "max_concurrency": 0}""", "x.json: max_concurrency: is 0; expected a whole number >= 1 or null (unbounded)")]
    [InlineData("""{"duration": 1, "completed": 1, "output_throughput": 1, "request_rate": "fast"}""", "x.json: request_rate: is the string \"fast\"; expected a number of requests/s or \"inf\"")]
    [InlineData("""{"duration": 1, "completed": 1, "output_throughput": 1, "input_lens": [1, 2], "output_lens": [1]}""", "x.json: output_lens: has 1 entries but input_lens has 2; every per-request array has one entry per request")]
    [InlineData("""{"duration": 1, "completed": 1, "output_throughput": 1, "input_lens": [1], "output_lens": [1], "ttfts": [-0.1]}""", "x.json: ttfts[0]: is -0.1; expected a finite number of seconds (>= 0)")]
    [InlineData("""{"duration": 1, "completed": 1, "output_throughput": 1, "input_lens": [1], "output_lens": [1], "itls": [0.1]}""", "x.json: itls[0]: is a JSON number; expected the request's list of inter-token gaps in seconds")]
    [InlineData("""[1, 2]""", "x.json: is a JSON array; expected an object of benchmark results")]
    public void A_malformed_file_is_one_line_naming_the_key_what_is_wrong_and_what_is_allowed(string text, string expectedTail)
    {
        var path = MeasurementSamples.Write("x.json", text);

        var e = Assert.Throws<InputException>(() => VllmResultReader.Read(path));

        Assert.DoesNotContain('\n', e.Message);
        Assert.EndsWith(expectedTail, e.Message, StringComparison.Ordinal);
        Assert.StartsWith(path, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_that_is_not_json_names_the_file()
    {
        var path = MeasurementSamples.Write("x.json", "{\"duration\": 1,");

        var e = Assert.Throws<InputException>(() => VllmResultReader.Read(path));

        Assert.StartsWith(path + ": is not valid JSON", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    private static LatencyFigures Rounded(LatencyFigures f) =>
        new(R(f.Mean), R(f.P50), R(f.P90), R(f.P99));

    private static double? R(double? v) => v is { } x ? Math.Round(x, 9) : null;
}
