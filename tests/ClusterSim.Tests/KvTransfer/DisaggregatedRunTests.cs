using System.Globalization;
using ClusterSim.Scenarios;
using ClusterSim.Tests.Serving;

namespace ClusterSim.Tests.KvTransfer;

public sealed class DisaggregatedRunTests
{
    // DeepSeek-V3 MLA, bf16 KV: 576 elements × 61 layers × 2 bytes = 70,272 bytes per prompt token.
    private const double KvBytesPerToken = 70_272;

    /// <summary>One prefill and one decode instance of 16 H200 each (EP16, DP16) on four nodes.</summary>
    private static string Disaggregated(string duration = "6 s", string extra = "") => $"""
        name: disaggregated-small
        seed: 5
        model: {"{"} config: deepseek-v3, precision: {"{"} weights: fp8, kv_cache: bf16, dispatch: fp8, combine: bf16 {"}"} {"}"}
        hardware: h200
        cluster: {"{"} nodes: 4, accelerators_per_node: 8 {"}"}
        deployment:
          mode: disaggregated
          prefill:
            accelerators_per_instance: 16
            max_batch_tokens: 8192
            max_running_requests: 64
          decode:
            accelerators_per_instance: 16
            max_batch_tokens: 256
            max_running_requests: 64
        workload:
          arrival: poisson
          rate_per_s: 12
          input_tokens: {"{"} distribution: lognormal, mean: 1500, sigma: 0.8, min: 16, max: 8192 {"}"}
          output_tokens: {"{"} distribution: lognormal, mean: 60, sigma: 0.5, min: 2, max: 512 {"}"}
          duration: {duration}
        slo: {"{"} ttft_ms: 2000, tpot_ms: 100 {"}"}
        simulation: {"{"} duration: {duration}, warmup: 1 s {extra} {"}"}
        """;

    [Fact]
    public void Every_request_crosses_the_fabric_once_and_every_transferred_byte_is_accounted()
    {
        var (result, csv) = TestScenarios.RunWithCsv(TestScenarios.Parse(Disaggregated()));
        var m = result.Metrics;
        Assert.True(m.Arrived > 40, $"too few arrivals to mean anything: {m.Arrived}");
        Assert.Equal(m.Arrived, m.Completed + m.Dropped);
        Assert.Equal(0, m.Dropped);

        // Every request has at least two output tokens, so each one's KV cache moved to decode exactly once, and the
        // bytes are its prompt's: 70,272 bytes per input token (no preemption before the first token changes that).
        var kv = Assert.IsType<ClusterSim.Serving.KvTransferSummary>(result.KvTransfer);
        Assert.Equal(m.Completed, kv.Transfers);
        Assert.Equal(0, kv.Abandoned);
        var inputTokens = ConservationTests.Rows(csv).Sum(r => long.Parse(r["input_tokens"], CultureInfo.InvariantCulture));
        Assert.Equal(KvBytesPerToken * inputTokens, kv.Bytes, 1e-9 * kv.Bytes);
        Assert.True(kv.MeanMs > 0 && kv.P99Ms >= kv.MeanMs * 0.99, $"mean {kv.MeanMs} ms, p99 {kv.P99Ms} ms");
        Assert.NotNull(kv.BusiestLink);
    }

    [Fact]
    public void A_run_cut_short_by_the_drain_limit_loses_no_request_in_flight_on_the_fabric()
    {
        // No drain: whatever is prefilling, crossing the fabric or decoding at the end is dropped with a reason.
        var (result, csv) = TestScenarios.RunWithCsv(TestScenarios.Parse(Disaggregated(extra: ", drain_limit: 0 s")));
        var m = result.Metrics;
        Assert.Equal(m.Arrived, m.Completed + m.Dropped);
        Assert.True(m.Dropped > 0, "the run was meant to end with requests in flight");
        var kv = result.KvTransfer!;
        Assert.True(kv.Transfers + kv.Abandoned <= m.Arrived);
        Assert.Equal(m.Arrived, ConservationTests.Rows(csv).Count);
    }

    [Fact]
    public void Same_seed_gives_identical_requests_and_kv_transfer_figures()
    {
        var first = TestScenarios.RunWithCsv(TestScenarios.Parse(Disaggregated()));
        var second = TestScenarios.RunWithCsv(TestScenarios.Parse(Disaggregated()));
        Assert.Equal(first.Csv, second.Csv);
        Assert.Equal(first.Result.KvTransfer, second.Result.KvTransfer);
        Assert.Equal(DeterminismTests.WithoutSimulationBlock(first.Result), DeterminismTests.WithoutSimulationBlock(second.Result));
        Assert.Contains("\"kv_transfer\"", DeterminismTests.WithoutSimulationBlock(first.Result), StringComparison.Ordinal);
    }

    [Fact]
    public void Prompts_finishing_in_one_prefill_step_go_to_different_decode_ranks()
    {
        // 16 prompts of 512 tokens arrive within 15 ms, one per prefill rank (least-tokens), and finish in the same
        // prefill step. Each transfer counts on its decode rank from the moment it is routed, so the least-tokens
        // router sends the 16 to the 16 empty decode ranks rather than all to rank 0.
        var yaml = Disaggregated().Replace(
            "arrival: poisson\n  rate_per_s: 12",
            "arrival: constant\n  rate_per_s: 1000\n  requests: 16",
            StringComparison.Ordinal)
            .Replace("{ distribution: lognormal, mean: 1500, sigma: 0.8, min: 16, max: 8192 }", "512", StringComparison.Ordinal)
            .Replace("{ distribution: lognormal, mean: 60, sigma: 0.5, min: 2, max: 512 }", "200", StringComparison.Ordinal);
        Assert.Contains("requests: 16", yaml, StringComparison.Ordinal);
        var (result, csv) = TestScenarios.RunWithCsv(TestScenarios.Parse(yaml));
        Assert.Equal(16, result.Metrics.Completed);
        var rows = ConservationTests.Rows(csv);
        Assert.Equal(16, rows.Select(r => r["rank"]).Distinct().Count());
    }

    [Fact]
    public void Alpha_beta_transfers_are_never_slower_than_fair_shared_ones()
    {
        var fair = TestScenarios.Run(TestScenarios.Parse(Disaggregated())).KvTransfer!;
        var alone = TestScenarios.Run(TestScenarios.Parse(Disaggregated(), new ScenarioOverride("cluster.fabric.link_model", "alpha-beta"))).KvTransfer!;
        Assert.Equal("alpha-beta", alone.Model);
        // The two runs' steps differ (the all-to-all line is calibrated with each link model), so the router may send
        // the largest prompt's KV to a decode rank on another rail: its path then crosses the spines, two more
        // scale-out links of 5 us / 2 each on H200. Contention is what may not make alpha-beta slower.
        const double spineHopsMs = 2 * 0.0025;
        Assert.True(alone.MaxMs <= (fair.MaxMs * 1.0001) + spineHopsMs, $"alpha-beta max {alone.MaxMs} ms, fair-share max {fair.MaxMs} ms");
    }
}
