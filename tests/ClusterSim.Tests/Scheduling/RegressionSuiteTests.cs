using ClusterSim.Engine;
using ClusterSim.Regression;
using ClusterSim.Scheduling;

namespace ClusterSim.Tests.Scheduling;

/// <summary>
/// The scheduler regression suite: every case of scenarios/regression/suite.yaml against its golden summary in
/// scenarios/baselines, under the default gates (TTFT/TPOT p50 and p99 and E2E p99 +5 %, output throughput, goodput
/// and SLO attainment -2 %, dropped requests +5 %) plus exact equality of the arrival count. When a change moves the
/// baselines on purpose, run `clustersim baseline update` and review the diff.
/// </summary>
public sealed class RegressionSuiteTests
{
    private static readonly RegressionSuite Suite = RegressionSuite.Of(TestCatalog.Repository);

    public static TheoryData<string> Cases() => [.. Suite.Cases.Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Case_matches_its_baseline_within_the_default_gates(string name)
    {
        var regressionCase = Suite.Cases.Single(c => c.Name == name);
        var baselineFile = Suite.BaselineFile(regressionCase);
        Assert.True(File.Exists(baselineFile), $"{baselineFile} is missing; run `clustersim baseline update`");

        var fresh = RegressionRunner.Run(regressionCase, TestCatalog.Repository).BaselineJson;
        var baseline = SummaryMetrics.Load(baselineFile);
        var candidate = SummaryMetrics.Parse(fresh, "(fresh run)");
        var comparison = RunComparison.Compare(baseline, candidate, ComparedMetrics.DefaultGates);

        Assert.True(comparison.Passed, string.Join("; ", comparison.Failures.Select(f => $"{f.Metric}: {f.Baseline} -> {f.Candidate}")));
        Assert.Equal(Arrived(File.ReadAllText(baselineFile)), Arrived(fresh));
    }

    [Fact]
    public void A_policy_that_starves_prefill_fails_the_gate_against_the_decode_first_baseline()
    {
        var (baselineCase, scenario) = LlamaDecodeFirst();
        var catalog = new SchedulerCatalog();
        catalog.RegisterPolicy("starve-prefill", () => new StarvePrefillPolicy());

        var worse = RegressionRunner.Run(scenario with { Scheduler = scenario.Scheduler with { Policy = "starve-prefill" } }, TestCatalog.Repository, catalog);
        var comparison = RunComparison.Compare(
            SummaryMetrics.Load(Suite.BaselineFile(baselineCase)), SummaryMetrics.Parse(worse.BaselineJson, "starve-prefill"), ComparedMetrics.DefaultGates);

        Assert.False(comparison.Passed);
        Assert.Contains(comparison.Failures, f => f.Metric == "latency_ms.ttft.p99");
    }

    [Fact]
    public void An_unchanged_policy_registered_under_a_new_name_passes_the_gate()
    {
        var (baselineCase, scenario) = LlamaDecodeFirst();
        var catalog = new SchedulerCatalog();
        catalog.RegisterPolicy("my-decode-first", () => new DecodeFirstPolicy("my-decode-first"));

        var same = RegressionRunner.Run(scenario with { Scheduler = scenario.Scheduler with { Policy = "my-decode-first" } }, TestCatalog.Repository, catalog);
        var comparison = RunComparison.Compare(
            SummaryMetrics.Load(Suite.BaselineFile(baselineCase)), SummaryMetrics.Parse(same.BaselineJson, "my-decode-first"), ComparedMetrics.DefaultGates);

        Assert.True(comparison.Passed);
        Assert.All(comparison.Metrics, m => Assert.True(m.ChangePercent == 0 || double.IsNaN(m.ChangePercent), m.Metric));
    }

    [Fact]
    public void Per_request_diff_finds_the_requests_a_prefill_starving_policy_slowed()
    {
        var (_, scenario) = LlamaDecodeFirst();
        var catalog = new SchedulerCatalog();
        catalog.RegisterPolicy("starve-prefill", () => new StarvePrefillPolicy());

        var baseline = RegressionRunner.Run(scenario, TestCatalog.Repository).RequestsCsv;
        var worse = RegressionRunner.Run(scenario with { Scheduler = scenario.Scheduler with { Policy = "starve-prefill" } }, TestCatalog.Repository, catalog).RequestsCsv;
        var baseRows = RequestsCsv.Read(new StringReader(baseline), "base");
        var worseRows = RequestsCsv.Read(new StringReader(worse), "worse");
        var diff = RequestComparison.Compare(baseRows, worseRows);

        // Same arrivals (counterfactual replay), so every delta is the policy's.
        Assert.Equal(0, diff.ArrivalsDiffer);
        Assert.Equal(0, diff.OnlyInBaseline + diff.OnlyInCandidate);
        Assert.NotEmpty(diff.Slowed);
        // The listed requests are exactly the ones whose end-to-end latency grew, most slowed first.
        var expected = baseRows.Keys
            .Where(id => baseRows[id].Completed && worseRows[id].Completed && worseRows[id].E2eMs > baseRows[id].E2eMs)
            .OrderByDescending(id => worseRows[id].E2eMs - baseRows[id].E2eMs).ThenBy(id => id)
            .ToArray();
        Assert.Equal(expected, diff.Slowed.Select(d => d.Id).ToArray());
        Assert.True(diff.Slowed[0].E2eDeltaMs >= diff.Slowed[^1].E2eDeltaMs);
    }

    [Fact]
    public void Two_policies_on_one_seed_see_identical_arrivals()
    {
        var (_, scenario) = LlamaDecodeFirst();

        var a = RegressionRunner.Run(scenario, TestCatalog.Repository).RequestsCsv;
        var b = RegressionRunner.Run(scenario with { Scheduler = scenario.Scheduler with { Policy = "shortest-prompt-first" } }, TestCatalog.Repository).RequestsCsv;

        // Rows are written in finish order, which the policy changes; sorted by id, the workload columns must match.
        var columnsA = WorkloadColumns(a);
        var columnsB = WorkloadColumns(b);
        Assert.True(columnsA.Length > 100);
        Assert.Equal(columnsA, columnsB);
        Assert.NotEqual(a, b);
    }

    [Fact]
    public void Identical_seed_and_inputs_give_byte_identical_outputs_across_runs_and_threads()
    {
        var scenario = RegressionRunner.LoadScenario(Suite.Cases.First(c => c.Name == "llama-70b-2x-h100-admission.shortest-prompt-first"));

        var serial = RegressionRunner.Run(scenario, TestCatalog.Repository);
        var parallel = new CaseOutput[4];
        Parallel.For(0, parallel.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i => parallel[i] = RegressionRunner.Run(scenario, TestCatalog.Repository));

        Assert.All(parallel, p =>
        {
            Assert.Equal(serial.RequestsCsv, p.RequestsCsv);
            Assert.Equal(serial.BaselineJson, p.BaselineJson);
        });
    }

    private static (RegressionCase Case, ClusterSim.Scenarios.Scenario Scenario) LlamaDecodeFirst()
    {
        var c = Suite.Cases.Single(x => x.Name == "llama-70b-h100-tp8.decode-first");
        return (c, RegressionRunner.LoadScenario(c));
    }

    private static long Arrived(string summaryJson)
    {
        using var document = System.Text.Json.JsonDocument.Parse(summaryJson);
        return document.RootElement.GetProperty("requests").GetProperty("arrived").GetInt64();
    }

    /// <summary>id, arrival_s, input_tokens, output_tokens of every row, sorted by id.</summary>
    private static string[] WorkloadColumns(string csv)
    {
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var header = ClusterSim.Input.CsvInput.SplitLine(lines[0]).ToList();
        int[] at = [header.IndexOf("id"), header.IndexOf("arrival_s"), header.IndexOf("input_tokens"), header.IndexOf("output_tokens")];
        return [.. lines.Skip(1)
            .Select(ClusterSim.Input.CsvInput.SplitLine)
            .OrderBy(f => long.Parse(f[at[0]], System.Globalization.CultureInfo.InvariantCulture))
            .Select(f => string.Join(',', at.Select(i => f[i])))];
    }

    /// <summary>Deliberately worse: prompt work only when no request is decoding, so under load prompts wait for the whole batch to drain.</summary>
    private sealed class StarvePrefillPolicy : IBatchPolicy
    {
        public string Name => "starve-prefill";

        public void Form(AttentionRank rank, RankBatch batch, in BatchLimits limits, SimTime now)
        {
            BatchPolicySteps.ScheduleDecodes(rank, batch, limits.MaxBatchTokens, limits.TokensPerDecode);
            if (batch.Decodes.Count > 0)
            {
                return;
            }

            var budget = BatchPolicySteps.ContinuePrefills(rank, batch, limits.MaxBatchTokens);
            BatchPolicySteps.AdmitWaiting(rank, batch, budget, now);
        }
    }
}
