using ClusterSim.Input;
using ClusterSim.Measurements;
using ClusterSim.Scenarios;
using ClusterSim.Workloads;

namespace ClusterSim.Tests.Measurements;

public sealed class HarnessCheckTests
{
    private static Scenario Sample(params (string Key, string Value)[] overrides) =>
        ScenarioReader.Load(MeasurementSamples.Path("llama-3-70b-h100-tp8-c4.yaml"), overrides.Select(o => new ScenarioOverride(o.Key, o.Value)).ToArray());

    private static MeasuredRun Vllm => VllmResultReader.Read(MeasurementSamples.Path("vllm-save-result.json"));

    [Fact]
    public void The_sample_scenario_describes_the_sample_harness_without_a_warning()
    {
        var notes = HarnessCheck.Check(Sample(), Vllm);

        Assert.DoesNotContain(notes, n => n.Warning);
        Assert.Contains(notes, n => n.Text == "closed loop of 4 clients on both sides");
        Assert.Contains(notes, n => n.Text == "mean input length: measured 512 tokens (from its per-request lengths), scenario 512 (match within 5 %)");
    }

    [Fact]
    public void Another_concurrency_is_refused_naming_the_scenario_key_and_the_value_to_set()
    {
        var scenario = Sample(("workload.concurrency", "8"));

        var e = Assert.Throws<InputException>(() => HarnessCheck.Check(scenario, Vllm));

        Assert.Equal($"{scenario.SourceFile}: workload.concurrency: is 8, but {Vllm.File} ran max_concurrency 4; set --set workload.concurrency=4", e.Message);
    }

    [Fact]
    public void An_open_loop_scenario_against_a_closed_loop_harness_is_refused_and_the_reverse_too()
    {
        var poisson = ScenarioReader.Load(MeasurementSamples.Path("llama-3-70b-h100-tp8-c4.yaml"), []) with
        {
            Workload = new SyntheticWorkloadSpec(new ArrivalProcessSpec(ArrivalProcessKind.Poisson, 4), LengthDistributionSpec.Fixed(512), LengthDistributionSpec.Fixed(16), Requests: 8),
        };
        var openHarness = SglangResultReader.ReadAll(MeasurementSamples.Path("sglang-bench-serving.jsonl"))[0];

        Assert.StartsWith($"{poisson.SourceFile}: workload.arrival: is an open loop, but", Assert.Throws<InputException>(() => HarnessCheck.Check(poisson, Vllm)).Message, StringComparison.Ordinal);
        Assert.StartsWith($"{poisson.SourceFile}: workload.arrival: is not an open-loop arrival process", Assert.Throws<InputException>(() => HarnessCheck.Check(Sample(), openHarness)).Message, StringComparison.Ordinal);
        Assert.Contains(HarnessCheck.Check(poisson, openHarness), n => !n.Warning && n.Text == "arrivals at 4 requests/s on both sides");
        var faster = poisson with { Workload = ((SyntheticWorkloadSpec)poisson.Workload) with { Arrival = new ArrivalProcessSpec(ArrivalProcessKind.Poisson, 5) } };
        Assert.Equal($"{poisson.SourceFile}: workload.rate_per_s: is 5, but {openHarness.File} sent requests at 4 per second; set --set workload.rate_per_s=4", Assert.Throws<InputException>(() => HarnessCheck.Check(faster, openHarness)).Message);
    }

    [Fact]
    public void Other_lengths_request_counts_and_gpu_counts_are_warnings()
    {
        var scenario = Sample(("workload.output_tokens", "64"), ("workload.requests", "16"));
        var trtllm = TrtllmReportReader.Read(MeasurementSamples.Path("trtllm-bench-report.json")) with { Harness = new HarnessSettings(Prompts: 8, Accelerators: 16) };

        var notes = HarnessCheck.Check(scenario, trtllm);

        Assert.Contains(new HarnessNote(true, "mean output length: measured 16 tokens, scenario 64 (differ by more than 5 %)"), notes);
        Assert.Contains(new HarnessNote(true, "the harness sent 8 requests, the scenario sends 16 (workload.requests)"), notes);
        Assert.Contains(new HarnessNote(true, "the measurement ran on 16 GPUs, the scenario's deployment has 8"), notes);
        Assert.Contains(new HarnessNote(false, "mean input length: measured 512 tokens, scenario 512 (match within 5 %)"), notes);
    }

    [Theory]
    [InlineData(LengthDistributionKind.Fixed, 512.0)]
    [InlineData(LengthDistributionKind.Uniform, 300.0)]
    [InlineData(LengthDistributionKind.UniformRatio, 768.0)]
    [InlineData(LengthDistributionKind.LogNormal, 1000.0)]
    public void The_mean_of_a_length_distribution_is_stated_where_it_can_be(LengthDistributionKind kind, double expected)
    {
        var spec = kind switch
        {
            LengthDistributionKind.Fixed => LengthDistributionSpec.Fixed(512),
            LengthDistributionKind.Uniform => LengthDistributionSpec.Uniform(100, 500),
            LengthDistributionKind.UniformRatio => LengthDistributionSpec.UniformRatio(1024, 0.5), // uniform in [512, 1024]
            _ => LengthDistributionSpec.LogNormalWithMean(1000, 0.8),
        };

        Assert.Equal(expected, HarnessCheck.Mean(spec));
        Assert.Null(HarnessCheck.Mean(LengthDistributionSpec.Zipf(100, 1)));
        // A median m with sigma s has mean m·exp(s²/2).
        Assert.Equal(100 * Math.Exp(0.5), HarnessCheck.Mean(LengthDistributionSpec.LogNormalWithMedian(100, 1))!.Value, 9);
    }
}
