using System.Globalization;
using ClusterSim.Scenarios;

namespace ClusterSim.Tests.Serving;

public sealed class ConservationTests
{
    [Fact]
    public void Every_arrived_request_completes_or_is_dropped_with_a_reason_and_tokens_add_up()
    {
        var (result, csv) = TestScenarios.RunWithCsv(TestScenarios.Parse(TestScenarios.DeepSeekSmall()));
        var m = result.Metrics;
        Assert.True(m.Arrived > 100, $"too few arrivals to mean anything: {m.Arrived}");
        Assert.Equal(m.Arrived, m.Completed + m.Dropped);

        var rows = Rows(csv);
        Assert.Equal(m.Arrived, rows.Count);
        Assert.Equal(rows.Count, rows.Select(r => r["id"]).Distinct().Count());
        foreach (var row in rows.Where(r => r["status"] == "dropped"))
        {
            Assert.False(string.IsNullOrEmpty(row["drop_reason"]));
        }

        // Completed requests generated exactly their output length; the totals in the summary are those sums.
        var completed = rows.Where(r => r["status"] == "completed").ToList();
        Assert.Equal(m.OutputTokens, completed.Sum(r => long.Parse(r["output_tokens"], CultureInfo.InvariantCulture)));
        Assert.Equal(m.InputTokens, completed.Sum(r => long.Parse(r["input_tokens"], CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void A_tight_KV_cache_preempts_yet_loses_nothing_and_never_exceeds_capacity()
    {
        // 14 running slots of long prompts on a cache squeezed to 5% of HBM: growth must preempt.
        var scenario = TestScenarios.Parse(
            TestScenarios.DeepSeekSmall(ratePerSecond: 20, maxRunning: 64, inputMean: 6000, outputMean: 600),
            new ScenarioOverride("deployment.serving.kv_memory_fraction", "0.455"));
        var (result, csv) = TestScenarios.RunWithCsv(scenario);
        var m = result.Metrics;
        Assert.True(m.Preemptions > 0, "the scenario was meant to force preemption");
        Assert.Equal(m.Arrived, m.Completed + m.Dropped);
        Assert.All(result.Pools, p => Assert.InRange(p.KvPeakUtilization, 0, 1));
        var preemptedRows = Rows(csv).Sum(r => int.Parse(r["preemptions"], CultureInfo.InvariantCulture));
        Assert.Equal(m.Preemptions, preemptedRows);
    }

    internal static List<Dictionary<string, string>> Rows(string csv)
    {
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var header = lines[0].Split(',');
        // drop_reason is last and may hold commas inside quotes: split the first columns only.
        return lines.Skip(1)
            .Select(line => line.Split(',', header.Length))
            .Select(cells => header.Zip(cells).ToDictionary(p => p.First, p => p.Second.Trim('"'), StringComparer.Ordinal))
            .ToList();
    }
}
