using System.Globalization;
using ClusterSim.Runs;
using ClusterSim.Scenarios;
using ClusterSim.Input;

namespace ClusterSim.Tests.Serving;

public sealed class FaultTests
{
    // One request alone on one H200, so every step is one accelerator's kernels plus one graph launch.
    private const string LoneRequest = """
        name: lone
        seed: 3
        model: { config: llama-3-70b, precision: { weights: fp8 } }
        hardware: h200
        cluster: { nodes: 1, accelerators_per_node: 1 }
        deployment:
          serving: { accelerators_per_instance: 1, max_batch_tokens: 4096, max_running_requests: 8 }
        workload: { arrival: constant, rate_per_s: 1, input_tokens: 1000, output_tokens: 6, requests: 1 }
        simulation: { duration: 60 s }
        """;

    [Fact]
    public void A_straggler_at_half_speed_doubles_every_kernel_but_not_the_launch()
    {
        var healthy = TestScenarios.RunWithCsv(TestScenarios.Parse(LoneRequest));
        var slowed = TestScenarios.RunWithCsv(TestScenarios.Parse(LoneRequest + """

            faults:
              - { kind: straggler, accelerator: 0, speed_factor: 0.5, start: 0 s, end: 60 s }
            """));
        var e2e = double.Parse(ConservationTests.Rows(healthy.Csv)[0]["e2e_ms"], CultureInfo.InvariantCulture);
        var e2eSlowed = double.Parse(ConservationTests.Rows(slowed.Csv)[0]["e2e_ms"], CultureInfo.InvariantCulture);

        // Six steps (one prefill, five decodes), each with one 5 us graph launch that a slow GPU does not stretch:
        // slowed = 2 × (healthy − 6 × 0.005 ms) + 6 × 0.005 ms.
        const double launchesMs = 6 * 0.005;
        Assert.Equal((2 * (e2e - launchesMs)) + launchesMs, e2eSlowed, 0.01);
        Assert.Equal(1, slowed.Result.FaultsStarted);
    }

    [Fact]
    public void A_degraded_NIC_slows_the_all_to_all_and_loses_nothing()
    {
        var baseline = TestScenarios.Run(TestScenarios.Parse(TestScenarios.DeepSeekSmall()));
        var degraded = TestScenarios.Run(TestScenarios.Parse(TestScenarios.DeepSeekSmall(extra: """
            faults:
              - { kind: link, accelerator: 0, bandwidth_factor: 0.1, start: 0 s, end: 20 s }
            """)));
        Assert.Equal(degraded.Metrics.Arrived, degraded.Metrics.Completed + degraded.Metrics.Dropped);
        Assert.True(degraded.Metrics.Tpot.Mean > 1.2 * baseline.Metrics.Tpot.Mean, $"TPOT {degraded.Metrics.Tpot.Mean} vs {baseline.Metrics.Tpot.Mean}");
    }

    [Fact]
    public void A_lost_instance_hands_its_requests_to_the_survivor_and_every_request_still_completes()
    {
        var yaml = TestScenarios.DeepSeekSmall(ratePerSecond: 6, duration: "20 s", extra: """
            faults:
              - { kind: instance_loss, pool: serving, instance: 0, at: 8 s }
            """).Replace("accelerators_per_instance: 16", "instances: 2\n    accelerators_per_instance: 8", StringComparison.Ordinal);
        var (result, csv) = TestScenarios.RunWithCsv(TestScenarios.Parse(yaml));
        var m = result.Metrics;
        Assert.True(result.FaultRequeues > 0, "the lost instance held no requests; move the fault later");
        Assert.Equal(m.Arrived, m.Completed + m.Dropped);
        Assert.Equal(0, m.Dropped);
        // After the loss only instance 1 serves: every request that finished after 8 s finished there.
        var late = ConservationTests.Rows(csv).Where(r => double.Parse(r["finish_s"], CultureInfo.InvariantCulture) > 8.001).ToList();
        Assert.NotEmpty(late);
        Assert.All(late, r => Assert.Equal("1", r["instance"]));
    }

    [Fact]
    public void Losing_the_only_instance_of_a_pool_is_refused_with_one_line()
    {
        var error = Assert.Throws<InputException>(() => TestScenarios.Parse(TestScenarios.DeepSeekSmall(extra: """
            faults:
              - { kind: instance_loss, pool: serving, at: 5 s }
            """)));
        Assert.Equal("test.yaml: faults[0].pool: pool 'serving' has one instance; losing it would leave nowhere to re-queue its requests", error.Message);
    }
    [Fact]
    public void A_failed_NIC_in_the_default_scenario_is_rerouted_loses_nothing_and_slows_the_run()
    {
        var root = TestCatalog.Repository.ScenariosDirectory;
        var text = File.ReadAllText(Path.Combine(root, "default.yaml"))
            .Replace("duration: 3 m", "duration: 30 s", StringComparison.Ordinal)
            .Replace("warmup: 30 s", "warmup: 2 s", StringComparison.Ordinal);
        ScenarioOverride[] drain = [new("simulation.drain_limit", "10 m")];
        var healthy = TestScenarios.Run(ScenarioReader.Parse("healthy.yaml", text, root, drain));
        var failed = TestScenarios.Run(ScenarioReader.Parse("failed.yaml", text + """

            faults: [{ kind: link, accelerator: 3, bandwidth_factor: 0, start: 10 s, end: 60 s }]
            """, root, drain));

        var m = failed.Metrics;
        Assert.Equal(m.Arrived, m.Completed + m.Dropped);
        Assert.Equal(healthy.Metrics.Arrived, m.Arrived);
        Assert.Equal(1, failed.FaultsStarted);
        Assert.Equal(0, failed.FaultsUnreachable);
        Assert.True(m.Tpot.Mean > healthy.Metrics.Tpot.Mean, $"TPOT {m.Tpot.Mean} vs healthy {healthy.Metrics.Tpot.Mean}");
    }

    [Fact]
    public void Failing_every_NIC_of_a_node_is_logged_and_counted_not_applied()
    {
        // Node 1 is accelerators 8-15: the first seven failures reroute, the eighth would cut the node off.
        var faults = string.Concat(Enumerable.Range(8, 8).Select(a => string.Create(
            CultureInfo.InvariantCulture, $"  - {{ kind: link, accelerator: {a}, bandwidth_factor: 0, start: {(a - 7) * 0.25} s, end: 5 s }}\n")));
        var result = TestScenarios.Run(TestScenarios.Parse(TestScenarios.DeepSeekSmall(duration: "6 s", extra: "faults:\n" + faults)));

        Assert.Equal(1, result.FaultsUnreachable);
        Assert.Equal(7, result.FaultsStarted);
        using var summary = new MemoryStream();
        SummaryJsonWriter.Write(summary, result);
        using var json = System.Text.Json.JsonDocument.Parse(summary.ToArray());
        Assert.Equal(1, json.RootElement.GetProperty("faults").GetProperty("unreachable").GetInt32());
        Assert.Equal(result.Metrics.Arrived, result.Metrics.Completed + result.Metrics.Dropped);
    }

    [Fact]
    public void A_bandwidth_factor_above_one_is_refused_and_zero_is_read()
    {
        var zero = TestScenarios.Parse(TestScenarios.DeepSeekSmall(extra: """
            faults:
              - { kind: link, accelerator: 0, bandwidth_factor: 0, start: 0 s, end: 20 s }
            """));
        Assert.Equal(0, Assert.IsType<LinkFault>(zero.FaultList[0]).BandwidthFactor);
        Assert.Throws<InputException>(() => TestScenarios.Parse(TestScenarios.DeepSeekSmall(extra: """
            faults:
              - { kind: link, accelerator: 0, bandwidth_factor: 1.5, start: 0 s, end: 20 s }
            """)));
    }
}
