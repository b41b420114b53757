using ClusterSim.Engine;
using ClusterSim.Scenarios;
using ClusterSim.Scheduling;
using ClusterSim.Scheduling.KvCache;
using ClusterSim.Tests.Serving;

namespace ClusterSim.Tests.Scheduling;

/// <summary><c>workload.kv_preloaded</c>: a request holds its prompt's KV blocks from admission and no prefill runs.</summary>
public sealed class KvPreloadedTests
{
    [Theory]
    [InlineData(1000, 16, false)]  // ceil(1000 / 16) = 63 blocks
    [InlineData(1024, 64, false)]  // exactly 16 blocks, none spare for a first token
    [InlineData(1, 64, true)]      // one block, on a decode-only rank too
    public void Admission_holds_ceil_prompt_over_block_blocks_and_starts_in_decode(int prompt, int blockTokens, bool decodeOnly)
    {
        var rank = new AttentionRank(0, new PagedKvCache(10_000, blockTokens), maxRunning: 8, decodeOnly);
        var requests = Enumerable.Range(0, 3).Select(i => new RequestState(i, SimTime.Zero, prompt, 10, null)).ToList();
        foreach (var request in requests)
        {
            request.PreloadKv();
            rank.Waiting.Enqueue(request);
        }

        while (rank.TryAdmitNext(SimTime.Zero) is not null)
        {
        }

        var perRequest = (prompt + blockTokens - 1) / blockTokens;
        Assert.Equal(3 * perRequest, rank.KvCache.UsedBlocks);
        Assert.All(requests, r =>
        {
            Assert.Equal(RequestPhase.Decode, r.Phase);
            Assert.Equal(prompt, r.PrefilledTokens);
            Assert.Equal(0, r.GeneratedTokens);
        });
    }

    [Fact]
    public void A_preloaded_closed_loop_runs_without_prefill_and_its_first_token_comes_from_a_decode_step()
    {
        var yaml = ClosedLoopRunTests.ClosedDeepSeek(concurrency: 16, requests: 48).Replace("output_tokens: 64", "output_tokens: 64\n  kv_preloaded: true", StringComparison.Ordinal);
        var preloaded = TestScenarios.Run(TestScenarios.Parse(yaml));
        var prefilled = TestScenarios.Run(TestScenarios.Parse(ClosedLoopRunTests.ClosedDeepSeek(concurrency: 16, requests: 48)));

        Assert.Equal(48, preloaded.Metrics.Completed);
        Assert.Equal(48L * 64, preloaded.Metrics.OutputTokens);
        // Without prefill the first token is one decode step away, far below a prompt's prefill.
        Assert.True(preloaded.Metrics.Ttft.Mean < prefilled.Metrics.Ttft.Mean, $"{preloaded.Metrics.Ttft.Mean} ms vs {prefilled.Metrics.Ttft.Mean} ms");
        Assert.True(preloaded.Benchmark!.MakespanSeconds < prefilled.Benchmark!.MakespanSeconds);
    }

    [Fact]
    public void Kv_preloaded_must_be_a_boolean()
    {
        var error = Assert.Throws<ClusterSim.Input.InputException>(() =>
            TestScenarios.Parse(ClosedLoopRunTests.ClosedDeepSeek(), new ScenarioOverride("workload.kv_preloaded", "maybe")));
        Assert.Contains("workload.kv_preloaded", error.Message, StringComparison.Ordinal);
    }
}
