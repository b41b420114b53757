using ClusterSim.Engine;
using ClusterSim.Engine.Random;
using ClusterSim.Scheduling;
using ClusterSim.Scheduling.KvCache;

namespace ClusterSim.Tests.Scheduling;

/// <summary>
/// Every built-in policy driven on one rank with random traffic, tight KV and preemptions: no request twice in a
/// step, the budget respected (an oversized whole prompt alone excepted), KV never over capacity, the batch's decode
/// context sum equal to the sum over its requests, and every request finishes once arrivals stop (nothing starves,
/// nothing is lost).
/// </summary>
public sealed class PolicyInvariantTests
{
    public static TheoryData<string> Policies() => [.. new SchedulerCatalog().PolicyNames];

    [Theory]
    [MemberData(nameof(Policies))]
    public void Policy_keeps_the_step_invariants_and_finishes_every_request(string policyName)
    {
        const int Budget = 512;
        var policy = new SchedulerCatalog().CreatePolicy(policyName, new PolicyContext(200, 50));
        // 120 blocks of 16 tokens = 1,920 tokens of KV: a few requests fill it, so preemption happens.
        var rank = new AttentionRank(0, new PagedKvCache(120, 16), maxRunning: 8, decodeOnly: false);
        var random = RandomStream.ForComponent(5, "test.policy-invariants");
        var batch = new RankBatch();
        var all = new List<RequestState>();
        var finished = 0;
        var now = SimTime.Zero;
        for (var step = 0; step < 20_000 && (step < 400 || finished < all.Count); step++)
        {
            if (step < 400 && random.NextDouble() < 0.3)
            {
                var request = new RequestState(all.Count, now, random.NextInt(1, 900), random.NextInt(1, 60), null);
                all.Add(request);
                rank.Waiting.Enqueue(request);
            }

            batch.Clear();
            policy.Form(rank, batch, new BatchLimits(Budget, 1), now);
            rank.RecentlyPreempted.Clear();

            var ids = batch.Decodes.Select(r => r.Id).Concat(batch.Prefills.Select(p => p.Request.Id)).ToList();
            Assert.Equal(ids.Count, ids.Distinct().Count());
            Assert.True(batch.Tokens <= Budget || batch.Prefills.Count == 1, $"{policyName}: {batch.Tokens} tokens at step {step}");
            Assert.True(rank.KvCache.UsedBlocks <= rank.KvCache.CapacityBlocks);
            Assert.All(batch.Prefills, p => Assert.True(p.NewTokens > 0));
            // The batch keeps its decode context sum as requests are added; pricing reads it instead of summing again.
            Assert.Equal(batch.Decodes.Sum(r => (long)r.ContextTokens), batch.DecodeContextTokens);

            now += SimDuration.FromMilliseconds(10);
            finished += Apply(rank, batch, now);
        }

        Assert.Equal(all.Count, finished);
        Assert.True(all.Count > 50);
        Assert.True(rank.Preemptions > 0, "the KV cache is meant to be tight enough to preempt");
    }

    /// <summary>Applies a step the way ServingInstance does (prefill progress, first token, decode token, finish).</summary>
    private static int Apply(AttentionRank rank, RankBatch batch, SimTime now)
    {
        var finished = 0;
        foreach (var chunk in batch.Prefills)
        {
            var r = chunk.Request;
            r.PrefilledTokens += chunk.NewTokens;
            if (r.NeedsPrefill)
            {
                continue;
            }

            r.CompletePrefill();
            if (r.GeneratedTokens == 0)
            {
                r.GeneratedTokens = 1;
                r.FirstToken = now;
            }

            if (r.RemainingOutputTokens <= 0)
            {
                rank.Release(r);
                finished++;
            }
        }

        foreach (var r in batch.Decodes)
        {
            r.GeneratedTokens++;
            if (r.RemainingOutputTokens <= 0)
            {
                rank.Release(r);
                finished++;
            }
        }

        return finished;
    }
}
