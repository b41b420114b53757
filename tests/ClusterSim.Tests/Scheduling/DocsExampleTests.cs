using ClusterSim.Engine;
using ClusterSim.Regression;
using ClusterSim.Scheduling;
using static ClusterSim.Tests.Scheduling.PolicyTestKit;

namespace ClusterSim.Tests.Scheduling;

/// <summary>The worked example of docs/scheduling.md ("Adding a policy"), kept compiling and working here.</summary>
public sealed class DocsExampleTests
{
    [Fact]
    public void Capped_admission_admits_at_most_its_cap_of_new_prompts_per_step()
    {
        var rank = Rank();
        Enqueue(rank, Request(1, 0, 10), Request(2, 0, 10), Request(3, 0, 10));
        var batch = new RankBatch();

        new CappedAdmissionPolicy(2).Form(rank, batch, new BatchLimits(1000, 1), At(1));

        Assert.Equal([1L, 2L], PrefillIds(batch));
        Assert.Equal(1, rank.Waiting.Count);
    }

    [Fact]
    public void Capped_admission_registered_on_a_catalog_runs_a_regression_scenario()
    {
        var catalog = new SchedulerCatalog();
        catalog.RegisterPolicy("capped-admission", () => new CappedAdmissionPolicy(4));
        var suite = RegressionSuite.Of(TestCatalog.Repository);
        var scenario = RegressionRunner.LoadScenario(suite.Cases.First(c => c.Name == "llama-70b-h100-tp8.decode-first"));

        var output = RegressionRunner.Run(scenario with { Scheduler = scenario.Scheduler with { Policy = "capped-admission" } }, TestCatalog.Repository, catalog);

        Assert.Contains("\"policy\": \"capped-admission\"", output.BaselineJson, StringComparison.Ordinal);
        Assert.Equal(0, SummaryMetrics.Parse(output.BaselineJson, "x")["requests.dropped"]);
    }

    /// <summary>Decode first, then continue prompts, then admit at most a few new prompts per step.</summary>
    private sealed class CappedAdmissionPolicy(int maxNewPerStep) : IBatchPolicy
    {
        public string Name => "capped-admission";

        public void Form(AttentionRank rank, RankBatch batch, in BatchLimits limits, SimTime now)
        {
            var budget = BatchPolicySteps.ScheduleDecodes(rank, batch, limits.MaxBatchTokens, limits.TokensPerDecode);
            budget = BatchPolicySteps.ContinuePrefills(rank, batch, budget);
            for (var admitted = 0; admitted < maxNewPerStep && budget > 0; admitted++)
            {
                // TryAdmitNext takes the front of the queue if a slot and KV blocks allow.
                if (rank.TryAdmitNext(now) is not { } request)
                {
                    break;
                }

                if (request.Phase == RequestPhase.Prefill)
                {
                    var chunk = Math.Min(request.PromptTokens - request.PrefilledTokens, budget);
                    batch.Prefills.Add(new PrefillChunk(request, chunk, request.PrefilledTokens));
                    batch.PrefillTokens += chunk;
                    budget -= chunk;
                }
            }
        }
    }
}
