using ClusterSim.Input;
using ClusterSim.Measurements;

namespace ClusterSim.Tests.Measurements;

public sealed class RequestCsvReaderTests
{
    [Fact]
    public void Every_row_of_the_sample_is_a_request_and_the_figures_follow_by_hand()
    {
        var run = RequestCsvReader.Read(MeasurementSamples.Path("per-request.csv"));

        Assert.Equal(MeasurementFormat.Csv, run.Format);
        Assert.Equal(HarnessSettings.Unknown with { Prompts = 6 }, run.Harness);
        Assert.Equal(BenchmarkFigures.None, run.Reported);
        Assert.Equal(
            new MeasuredRequest[]
            {
                new(0.0, 512, 16, 60, 270),
                new(0.0, 512, 16, 64, 274),
                new(0.5, 512, 16, 70, 280),
                new(0.5, 512, 11, 80, 230),
                new(1.0, 512, 16, 90, 300),
                new(1.5, 512, 0, null, null, false),
            },
            run.Requests);

        var f = run.Figures;
        Assert.Equal(5, f.Completed);
        Assert.Equal(1, f.Failed);
        // From the first send (0 s) to the last end (1.0 s + 300 ms = 1.3 s; the failed request sent at 1.5 s ends then).
        Assert.Equal(1.5, f.DurationSeconds!.Value, 12);
        Assert.Equal(512, f.MeanInputTokens);
        Assert.Equal((16 * 4 + 11) / 5.0, f.MeanOutputTokens);
        Assert.Equal(75 / 1.5, f.OutputTokensPerSecond!.Value, 9);
        Assert.Null(f.OutputTokensPerSecondPerGpu);
        // TTFT 60 64 70 80 90: mean 72.8, p50 70, p90 at rank 3.6 = 80 + 0.6 x 10 = 86, p99 at rank 3.96 = 89.6.
        Assert.Equal(72.8, f.Ttft.Mean!.Value, 9);
        Assert.Equal(70, f.Ttft.P50!.Value, 9);
        Assert.Equal(86, f.Ttft.P90!.Value, 9);
        Assert.Equal(89.6, f.Ttft.P99!.Value, 9);
        // TPOT (E2E - TTFT) / (out - 1): 14, 14, 14, 15, 14 ms.
        Assert.Equal((14 * 4 + 15) / 5.0, f.Tpot.Mean!.Value, 9);
        Assert.Equal(14, f.Tpot.P50!.Value, 9);
        // Per user: 1000/14 for four requests, 1000/15 for one.
        Assert.Equal(((4 * 1000 / 14.0) + (1000 / 15.0)) / 5, f.OutputTokensPerSecondPerUser!.Value, 9);
        // E2E 230 270 274 280 300: mean 270.8, p50 274.
        Assert.Equal(270.8, f.E2e.Mean!.Value, 9);
        Assert.Equal(274, f.E2e.P50!.Value, 9);
    }

    [Fact]
    public void Columns_may_come_in_any_order()
    {
        var path = MeasurementSamples.Write("m.csv", "e2e_ms,ttft_ms,output_tokens,input_tokens,arrival_s\n200,50,11,100,0.25\n");

        Assert.Equal(new MeasuredRequest(0.25, 100, 11, 50, 200), RequestCsvReader.Read(path).Requests.Single());
    }

    [Theory]
    [InlineData("arrival_s,input_tokens,output_tokens,ttft_ms\n", "m.csv: row 1: header lacks column 'e2e_ms'; the columns are exactly arrival_s,input_tokens,output_tokens,ttft_ms,e2e_ms")]
    [InlineData("arrival_s,input_tokens,output_tokens,ttft_ms,e2e_ms,tpot_ms\n", "m.csv: row 1: header has unknown column 'tpot_ms'; the columns are exactly arrival_s,input_tokens,output_tokens,ttft_ms,e2e_ms")]
    [InlineData("arrival_s,input_tokens,output_tokens,ttft_ms,e2e_ms\n0,10,5,1\n", "m.csv: row 2: has 4 cells; expected 5 (arrival_s,input_tokens,output_tokens,ttft_ms,e2e_ms)")]
    [InlineData("arrival_s,input_tokens,output_tokens,ttft_ms,e2e_ms\n0,ten,5,1,2\n", "m.csv: row 2: input_tokens: is 'ten'; expected a whole number of tokens (>= 1)")]
    [InlineData("arrival_s,input_tokens,output_tokens,ttft_ms,e2e_ms\n-1,10,5,1,2\n", "m.csv: row 2: arrival_s: is '-1'; expected a finite number of seconds (>= 0)")]
    [InlineData("arrival_s,input_tokens,output_tokens,ttft_ms,e2e_ms\n0,10,5,x,2\n", "m.csv: row 2: ttft_ms: is 'x'; expected a finite number of ms (>= 0), or empty for a failed request")]
    [InlineData("arrival_s,input_tokens,output_tokens,ttft_ms,e2e_ms\n0,10,5,,2\n", "m.csv: row 2: has only one of ttft_ms and e2e_ms; give both (a finished request) or neither (a failed one)")]
    [InlineData("arrival_s,input_tokens,output_tokens,ttft_ms,e2e_ms\n# c\n0,10,5,30,20\n", "m.csv: row 3: e2e_ms: is 20, below ttft_ms 30; the last token cannot come before the first")]
    [InlineData("arrival_s,input_tokens,output_tokens,ttft_ms,e2e_ms\n", "m.csv: holds no requests; expected the header 'arrival_s,input_tokens,output_tokens,ttft_ms,e2e_ms' and one row per request")]
    public void A_malformed_csv_is_one_line_naming_the_row(string text, string expectedTail)
    {
        var path = MeasurementSamples.Write("m.csv", text);

        var e = Assert.Throws<InputException>(() => RequestCsvReader.Read(path));

        Assert.DoesNotContain('\n', e.Message);
        Assert.EndsWith(expectedTail, e.Message, StringComparison.Ordinal);
    }
}
