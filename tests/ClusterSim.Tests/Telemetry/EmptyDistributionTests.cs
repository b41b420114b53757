using System.Text.Json;
using ClusterSim.Planning;
using ClusterSim.Runs;
using ClusterSim.Scenarios;

namespace ClusterSim.Tests.Telemetry;

public sealed class EmptyDistributionTests
{
    // A fixed prompt of 4 M tokens fits no rank's KV cache of the default deployment, so every request is dropped.
    private static Scenario AllDropped() => ShortRun.Scenario(3, new ScenarioOverride("workload.input_tokens", "4000000"));

    [Fact]
    public void When_every_request_is_dropped_latencies_are_null_with_count_zero()
    {
        var (result, _, _, _) = ShortRun.Run(AllDropped());
        using var summary = new MemoryStream();
        SummaryJsonWriter.Write(summary, result);
        using var json = JsonDocument.Parse(summary.ToArray());
        var latency = json.RootElement.GetProperty("latency_ms");

        Assert.Equal(0, result.Metrics.Completed);
        Assert.True(result.Metrics.Dropped > 0);
        foreach (var kind in new[] { "ttft", "tpot", "e2e", "queue", "itl" })
        {
            var block = latency.GetProperty(kind);
            Assert.Equal(0, block.GetProperty("count").GetInt64());
            foreach (var field in new[] { "mean", "p50", "p90", "p99", "max" })
            {
                Assert.Equal(JsonValueKind.Null, block.GetProperty(field).ValueKind);
            }
        }
    }

    [Fact]
    public void Summary_percentiles_are_the_exact_ones_of_the_measured_requests()
    {
        var (result, _, _, _) = ShortRun.Run(ShortRun.Scenario(4));
        using var summary = new MemoryStream();
        SummaryJsonWriter.Write(summary, result);
        using var json = JsonDocument.Parse(summary.ToArray());
        var ttft = json.RootElement.GetProperty("latency_ms").GetProperty("ttft");
        var sorted = result.Metrics.Ttft.Values.Order().ToArray();

        // Linear interpolation between closest ranks, by hand.
        double At(double q)
        {
            var h = q * (sorted.Length - 1);
            var low = (int)Math.Floor(h);
            return sorted[low] + ((h - low) * (sorted[Math.Min(low + 1, sorted.Length - 1)] - sorted[low]));
        }

        Assert.True(sorted.Length > 20);
        Assert.Equal(Math.Round(At(0.5), 6), ttft.GetProperty("p50").GetDouble());
        Assert.Equal(Math.Round(At(0.9), 6), ttft.GetProperty("p90").GetDouble());
        Assert.Equal(Math.Round(At(0.99), 6), ttft.GetProperty("p99").GetDouble());
    }

    [Fact]
    public void Validate_warns_when_no_request_can_fit_a_rank_KV_cache()
    {
        var none = KvFitCheck.Warnings(AllDropped().Plan());
        var fits = KvFitCheck.Warnings(ShortRun.Scenario(3, new ScenarioOverride("workload.input_tokens", "1000"), new ScenarioOverride("workload.output_tokens", "100")).Plan());

        Assert.Contains(none, w => w.Contains("no request can ever fit the KV cache", StringComparison.Ordinal) && w.Contains("pool '", StringComparison.Ordinal));
        Assert.Empty(fits);
    }
}
