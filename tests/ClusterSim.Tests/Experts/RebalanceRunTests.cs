using System.Text.Json;
using ClusterSim.Runs;
using ClusterSim.Scenarios;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace ClusterSim.Tests.Experts;

public sealed class RebalanceRunTests
{
    [Fact]
    public void Run_with_rebalancing_counts_replacements_in_summary_json_and_without_it_none()
    {
        var root = TestCatalog.Repository.ScenariosDirectory;
        var text = File.ReadAllText(Path.Combine(root, "default.yaml"))
            .Replace("duration: 3 m", "duration: 12 s", StringComparison.Ordinal)
            .Replace("warmup: 30 s", "warmup: 2 s", StringComparison.Ordinal)
            .Replace("redundant: 0", "redundant: 16", StringComparison.Ordinal);
        const string Experts = "experts: { routing: { distribution: drifting, base: zipf, s: 1, drift: rotate, rate: 0.5 }, placement: eplb";
        var on = Run(ScenarioReader.Parse("on.yaml", text + "\n" + Experts + ", rebalance: { interval: 3 s, window: 2 s } }\n", root));
        var off = Run(ScenarioReader.Parse("off.yaml", text + "\n" + Experts + " }\n", root));

        var pool = on.GetProperty("pools")[0].GetProperty("experts");
        Assert.Equal("eplb", pool.GetProperty("placement").GetString());
        Assert.True(pool.GetProperty("rebalances").GetInt32() >= 2, pool.ToString());
        Assert.True(pool.GetProperty("migration_pause_ms").GetDouble() > 0);
        Assert.True(pool.GetProperty("expected_imbalance_after").GetDouble() < pool.GetProperty("expected_imbalance_before").GetDouble());
        var none = off.GetProperty("pools")[0].GetProperty("experts");
        Assert.Equal(0, none.GetProperty("rebalances").GetInt32());
        Assert.False(none.GetProperty("rebalancing").GetBoolean());
        Assert.Equal("eplb", on.GetProperty("resolved_scenario").GetProperty("experts").GetProperty("placement").GetString());
    }

    [Theory]
    [InlineData(16, "", "eplb")]
    [InlineData(0, "", "contiguous")]
    [InlineData(16, "experts: { routing: uniform }", "contiguous")]
    [InlineData(16, "experts: { placement: contiguous }", "contiguous")]
    public void Placement_left_unset_is_eplb_exactly_where_a_pool_has_redundant_slots_and_routing_is_skewed(int redundant, string experts, string placement)
    {
        var root = TestCatalog.Repository.ScenariosDirectory;
        var text = File.ReadAllText(Path.Combine(root, "default.yaml"))
            .Replace("duration: 3 m", "duration: 3 s", StringComparison.Ordinal)
            .Replace("warmup: 30 s", "warmup: 1 s", StringComparison.Ordinal)
            .Replace("redundant: 0", $"redundant: {redundant}", StringComparison.Ordinal);
        var summary = Run(ScenarioReader.Parse("placement.yaml", text + "\n" + experts + "\n", root));
        Assert.Equal(placement, summary.GetProperty("pools")[0].GetProperty("experts").GetProperty("placement").GetString());
    }

    private static JsonElement Run(Scenario scenario)
    {
        var result = ScenarioRunner.Run(scenario.Plan(), sink: null, NullLogger.Instance);
        using var stream = new MemoryStream();
        SummaryJsonWriter.Write(stream, result);
        return JsonDocument.Parse(stream.ToArray()).RootElement.Clone();
    }
}
