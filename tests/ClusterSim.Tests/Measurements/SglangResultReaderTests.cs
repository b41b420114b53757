using ClusterSim.Input;
using ClusterSim.Measurements;

namespace ClusterSim.Tests.Measurements;

public sealed class SglangResultReaderTests
{
    [Fact]
    public void Each_line_of_the_sample_is_one_run_with_every_summary_field()
    {
        var runs = SglangResultReader.ReadAll(MeasurementSamples.Path("sglang-bench-serving.jsonl"));

        Assert.Equal(2, runs.Count);
        var open = runs[0];
        Assert.Equal(1, open.Record);
        Assert.Equal(MeasurementFormat.Sglang, open.Format);
        Assert.Equal(new HarnessSettings(4.0, null, null, null), open.Harness);
        Assert.Empty(open.Requests);
        Assert.Equal(
            new BenchmarkFigures(8, null, 2.1, 512, 16, 128 / 2.1, null, null, new LatencyFigures(55, 54, null, 60), new LatencyFigures(13, 13, null, 13.5), new LatencyFigures(250, 248, null, 262)),
            open.Reported);
        Assert.Equal(open.Reported, open.Figures);
    }

    [Fact]
    public void Pythons_bare_Infinity_is_an_infinite_rate_and_output_details_are_requests()
    {
        var closed = SglangResultReader.ReadAll(MeasurementSamples.Path("sglang-bench-serving.jsonl"))[1];

        Assert.Equal(2, closed.Record);
        Assert.Equal(double.PositiveInfinity, closed.Harness.RequestRate);
        Assert.Equal(4, closed.Harness.MaxConcurrency);
        Assert.Equal(4, closed.Harness.Prompts); // the number of per-request entries
        Assert.True(closed.Harness.IsClosedLoop);
        Assert.Equal(4, closed.Requests.Count);
        Assert.Equal(new MeasuredRequest(null, 512, 16, 64, 64 + 202.5, true), Round(closed.Requests[1]));
        Assert.Equal(68, closed.Figures.Ttft.Mean);
        // ttfts 60 64 70 78 ms: p90 at rank 2.7 = 70 + 0.7 x 8 = 75.6 (SGLang writes no p90).
        Assert.Equal(75.6, closed.Figures.Ttft.P90!.Value, 9);
    }

    [Fact]
    public void A_file_of_several_runs_needs_a_record_and_a_record_out_of_range_is_refused()
    {
        var path = MeasurementSamples.Path("sglang-bench-serving.jsonl");

        var none = Assert.Throws<InputException>(() => MeasurementReader.Read(path));
        var beyond = Assert.Throws<InputException>(() => MeasurementReader.Read(path, record: 3));

        Assert.Equal($"{path}: holds 2 runs (one per line); choose one with --record 1..2", none.Message);
        Assert.Equal($"{path}: has 2 run(s); --record must be 1..2", beyond.Message);
        Assert.Equal(2, MeasurementReader.Read(path, record: 2).Record);
    }

    [Theory]
    [InlineData("{\"duration\": 1, \"completed\": 1, \"output_throughput\": 1}\n{\"duration\": 1, \"completed\": 1}\n", "x.jsonl: line 2: output_throughput: is missing; an sglang.bench_serving --output-file line has duration, completed, output_throughput (is --format right?)")]
    [InlineData("{\"duration\": 1, \"completed\": 1, \"output_throughput\": 1}\n\nnot json\n", "x.jsonl: line 3: is not valid JSON")]
    [InlineData("{\"duration\": 1, \"completed\": 1, \"output_throughput\": 1, \"request_rate\": -Infinity}\n", "x.jsonl: line 1: request_rate: is -Infinity; expected a positive number of requests/s or Infinity")]
    [InlineData("\n\n", "x.jsonl: holds no results; expected one JSON object per line as sglang.bench_serving --output-file writes")]
    public void A_malformed_line_is_one_line_naming_the_line_and_key(string text, string expected)
    {
        var path = MeasurementSamples.Write("x.jsonl", text);

        var e = Assert.Throws<InputException>(() => SglangResultReader.ReadAll(path));

        Assert.DoesNotContain('\n', e.Message);
        Assert.StartsWith(Path.Combine(Path.GetDirectoryName(path)!, expected), e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Non_finite_tokens_inside_strings_are_left_alone()
    {
        Assert.Equal("{\"a\": \"Infinity and NaN\", \"b\": \"Infinity\", \"c\": \"-Infinity\", \"d\": \"NaN\"}", PythonJson.QuoteNonFinite("{\"a\": \"Infinity and NaN\", \"b\": Infinity, \"c\": -Infinity, \"d\": NaN}"));
        Assert.Equal("{\"a\": \"say \\\"NaN\\\"\"}", PythonJson.QuoteNonFinite("{\"a\": \"say \\\"NaN\\\"\"}"));
    }

    private static MeasuredRequest Round(MeasuredRequest r) =>
        r with { TtftMs = Math.Round(r.TtftMs!.Value, 9), E2eMs = Math.Round(r.E2eMs!.Value, 9) };
}
