using ClusterSim.Measurements;

namespace ClusterSim.Tests.Measurements;

public sealed class MeasurementComparisonTests
{
    private static readonly BenchmarkFigures Predicted = new(
        8, 0, 0.5, 512, 16, OutputTokensPerSecond: 240, OutputTokensPerSecondPerGpu: 30, OutputTokensPerSecondPerUser: 80,
        new LatencyFigures(90, 85, 100, 110), new LatencyFigures(12, 12, 13, 14), new LatencyFigures(270, 268, 280, 290));

    [Fact]
    public void Errors_are_predicted_minus_measured_over_measured_in_percent()
    {
        var measured = new MeasuredRun("m.json", MeasurementFormat.Vllm, 1, HarnessSettings.Unknown,
            BenchmarkFigures.None with
            {
                OutputTokensPerSecond = 200,
                Ttft = new LatencyFigures(Mean: 100, P99: 88),
                Tpot = new LatencyFigures(Mean: 0),
            },
            []);

        var rows = MeasurementComparison.Compare(Predicted, measured, accelerators: 8).ToDictionary(r => r.Metric);

        // 240 against 200: +20 %. Per GPU the file has none, so 200 / 8 = 25 against 30: +20 %.
        Assert.Equal(20, rows["output_tokens_per_s"].ErrorPercent!.Value, 12);
        Assert.Equal(25, rows["output_tokens_per_s_per_gpu"].Measured);
        Assert.Equal("total / 8 scenario GPUs", rows["output_tokens_per_s_per_gpu"].MeasuredFrom);
        Assert.Equal(20, rows["output_tokens_per_s_per_gpu"].ErrorPercent!.Value, 12);
        // 90 against 100: -10 %; 110 against 88: +25 %.
        Assert.Equal(-10, rows["ttft_ms.mean"].ErrorPercent!.Value, 12);
        Assert.Equal(25, rows["ttft_ms.p99"].ErrorPercent!.Value, 12);
        Assert.Equal("reported", rows["ttft_ms.p99"].MeasuredFrom);
        // Not in the file: listed, never invented.
        Assert.Equal(MetricStatus.NotMeasured, rows["ttft_ms.p90"].Status);
        Assert.Null(rows["ttft_ms.p90"].Measured);
        Assert.Null(rows["ttft_ms.p90"].ErrorPercent);
        Assert.Equal(MetricStatus.NotMeasured, rows["output_tokens_per_s_per_user"].Status);
        Assert.Equal(MetricStatus.MeasuredZero, rows["tpot_ms.mean"].Status);
        Assert.Null(rows["tpot_ms.mean"].ErrorPercent);
        Assert.Equal(15, rows.Count);
    }

    [Fact]
    public void A_reported_per_gpu_figure_is_taken_as_is_and_an_empty_prediction_is_not_predicted()
    {
        var measured = new MeasuredRun("r.json", MeasurementFormat.Trtllm, 1, HarnessSettings.Unknown,
            BenchmarkFigures.None with { OutputTokensPerSecond = 200, OutputTokensPerSecondPerGpu = 40, E2e = new LatencyFigures(P50: 300) },
            []);

        var rows = MeasurementComparison.Compare(Predicted with { E2e = LatencyFigures.None }, measured, accelerators: 8).ToDictionary(r => r.Metric);

        Assert.Equal(40, rows["output_tokens_per_s_per_gpu"].Measured);
        Assert.Equal("reported", rows["output_tokens_per_s_per_gpu"].MeasuredFrom);
        Assert.Equal(-25, rows["output_tokens_per_s_per_gpu"].ErrorPercent!.Value, 12);
        Assert.Equal(MetricStatus.NotPredicted, rows["e2e_ms.p50"].Status);
    }

    [Fact]
    public void Only_compared_rows_beyond_the_gate_fail_it()
    {
        var measured = new MeasuredRun("m.json", MeasurementFormat.Vllm, 1, HarnessSettings.Unknown,
            BenchmarkFigures.None with { OutputTokensPerSecond = 200, Ttft = new LatencyFigures(Mean: 100) },
            []);
        var rows = MeasurementComparison.Compare(Predicted, measured, 8);

        Assert.Equal(["output_tokens_per_s", "output_tokens_per_s_per_gpu"], MeasurementComparison.Beyond(rows, 15).Select(r => r.Metric));
        Assert.Equal(["output_tokens_per_s", "output_tokens_per_s_per_gpu", "ttft_ms.mean"], MeasurementComparison.Beyond(rows, 9.99).Select(r => r.Metric));
        Assert.Empty(MeasurementComparison.Beyond(rows, 20));
    }

    [Theory]
    [InlineData(new[] { 5.0 }, 99, 5.0)]
    [InlineData(new[] { 1.0, 2, 3, 4 }, 50, 2.5)]
    [InlineData(new[] { 1.0, 2, 3, 4 }, 90, 3.7)]
    [InlineData(new[] { 10.0, 20, 30, 40, 50 }, 99, 49.6)]
    [InlineData(new[] { 10.0, 20, 30, 40, 50 }, 0, 10)]
    [InlineData(new[] { 10.0, 20, 30, 40, 50 }, 100, 50)]
    public void Percentiles_interpolate_linearly_between_ranks_as_numpy_does(double[] sorted, double percent, double expected)
    {
        Assert.Equal(expected, Percentiles.Linear(sorted, percent), 12);
    }
}

public sealed class MeasurementSetTests
{
    [Fact]
    public void A_set_holds_every_run_of_every_file_in_order_and_compares_each_with_its_prediction()
    {
        var set = MeasurementSet.Read([MeasurementSamples.Path("sglang-bench-serving.jsonl"), MeasurementSamples.Path("per-request.csv")]);

        Assert.Equal([(MeasurementFormat.Sglang, 1), (MeasurementFormat.Sglang, 2), (MeasurementFormat.Csv, 1)], set.Runs.Select(r => (r.Format, r.Record)));

        // A prediction of exactly twice each measured throughput: +100 % and a log error of ln 2 for every run.
        var rows = set.Compare(run => (BenchmarkFigures.None with { OutputTokensPerSecond = 2 * run.Figures.OutputTokensPerSecond }, 8));
        Assert.All(rows, r =>
        {
            var total = r.Single(m => m.Metric == "output_tokens_per_s");
            Assert.Equal(100, total.ErrorPercent!.Value, 9);
            Assert.Equal(Math.Log(2), total.LogError!.Value, 12);
            Assert.Null(r.Single(m => m.Metric == "ttft_ms.mean").LogError); // not predicted
        });
    }
}
