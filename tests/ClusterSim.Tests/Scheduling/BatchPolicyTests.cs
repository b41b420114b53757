using ClusterSim.Scheduling;
using ClusterSim.Scheduling.Policies;
using static ClusterSim.Tests.Scheduling.PolicyTestKit;

namespace ClusterSim.Tests.Scheduling;

public sealed class BatchPolicyTests
{
    private static readonly BatchLimits Limits = new(MaxBatchTokens: 1000, TokensPerDecode: 1);

    [Fact]
    public void Fcfs_prefills_whole_prompts_in_arrival_order_and_stops_at_the_first_that_does_not_fit()
    {
        var rank = Rank();
        Decoding(rank, Request(0, 0, 100));
        Enqueue(rank, Request(1, 1, 400), Request(2, 2, 500), Request(3, 3, 50));
        var batch = new RankBatch();

        new FcfsPolicy().Form(rank, batch, Limits, At(4));

        // Budget 1000 - 1 decode = 999; 400 fits (599 left), 500 fits (99 left), 50 fits (49 left). Whole prompts.
        Assert.Single(batch.Decodes);
        Assert.Equal([1L, 2L, 3L], PrefillIds(batch));
        Assert.Equal([400, 500, 50], PrefillTokens(batch));
    }

    [Fact]
    public void Fcfs_never_chunks_and_does_not_let_a_later_short_prompt_overtake()
    {
        var rank = Rank();
        Enqueue(rank, Request(1, 1, 700), Request(2, 2, 400), Request(3, 3, 10));
        var batch = new RankBatch();

        new FcfsPolicy().Form(rank, batch, Limits, At(4));

        // 700 fits (300 left); 400 does not fit whole and is not chunked; 10 must not overtake it.
        Assert.Equal([1L], PrefillIds(batch));
        Assert.Equal([700], PrefillTokens(batch));
        Assert.Equal(2, rank.Waiting.Count);
    }

    [Fact]
    public void Fcfs_runs_a_prompt_longer_than_the_budget_alone_instead_of_starving_it()
    {
        var rank = Rank();
        Enqueue(rank, Request(1, 1, 2500), Request(2, 2, 10));
        var batch = new RankBatch();

        new FcfsPolicy().Form(rank, batch, Limits, At(3));

        Assert.Equal([1L], PrefillIds(batch));
        Assert.Equal([2500], PrefillTokens(batch));
    }

    [Fact]
    public void Chunked_prefill_splits_a_long_prompt_to_the_budget_left_after_decodes()
    {
        var rank = Rank();
        Decoding(rank, Request(0, 0, 100));
        Decoding(rank, Request(9, 0, 100));
        Enqueue(rank, Request(1, 1, 2500));
        var batch = new RankBatch();

        new SchedulerCatalog().CreatePolicy("chunked-prefill").Form(rank, batch, Limits, At(2));

        // 1000 - 2 decodes = 998 tokens of the 2,500-token prompt this step.
        Assert.Equal(2, batch.Decodes.Count);
        Assert.Equal([998], PrefillTokens(batch));
    }

    [Fact]
    public void Prefill_first_skips_decodes_in_a_step_with_prompt_work()
    {
        var rank = Rank();
        Decoding(rank, Request(0, 0, 100));
        Enqueue(rank, Request(1, 1, 300));
        var batch = new RankBatch();

        new PrefillFirstPolicy().Form(rank, batch, Limits, At(2));

        Assert.Empty(batch.Decodes);
        Assert.Equal([300], PrefillTokens(batch));
    }

    [Fact]
    public void Edf_admits_the_earliest_deadline_first_and_demotes_requests_already_past_their_deadline()
    {
        var rank = Rank(maxRunning: 2);
        // TTFT objective 1,000 ms: deadlines are arrival + 1 s. At t = 10 s, request 1 (arrived 8.5 s, deadline
        // 9.5 s) is already late; requests 2 (deadline 10.2 s) and 3 (deadline 10.9 s) can still make it.
        // Queue order is 1, 3, 2 (as a disaggregated or preempted queue may be); EDF picks 2 then 3.
        Enqueue(rank, Request(1, 8.5, 100), Request(3, 9.9, 100), Request(2, 9.2, 100));
        var batch = new RankBatch();

        new EarliestDeadlinePolicy(new PolicyContext(1000, 50)).Form(rank, batch, Limits, At(10));

        Assert.Equal([2L, 3L], PrefillIds(batch));
        Assert.Equal(1L, rank.Waiting.Peek().Id);
    }

    [Fact]
    public void Edf_without_a_ttft_objective_admits_in_arrival_order()
    {
        var rank = Rank(maxRunning: 2);
        Enqueue(rank, Request(1, 8.5, 100), Request(3, 9.9, 100), Request(2, 9.2, 100));
        var batch = new RankBatch();

        new EarliestDeadlinePolicy(PolicyContext.None).Form(rank, batch, Limits, At(10));

        Assert.Equal([1L, 3L], PrefillIds(batch));
    }

    [Fact]
    public void Shortest_prompt_first_admits_the_shortest_waiting_prompt()
    {
        var rank = Rank(maxRunning: 1);
        Enqueue(rank, Request(1, 9.9, 800), Request(2, 9.9, 200), Request(3, 9.9, 500));
        var batch = new RankBatch();

        new ShortestPromptFirstPolicy().Form(rank, batch, Limits, At(10));

        Assert.Equal([2L], PrefillIds(batch));
    }

    [Fact]
    public void Shortest_prompt_first_ages_a_long_waiting_prompt_ahead_of_a_fresh_short_one()
    {
        var rank = Rank(maxRunning: 1);
        // At 1,000 tokens/s of aging, at t = 10 s: request 1 (800 tokens, waited 2 s) scores 800 - 2,000 = -1,200;
        // request 2 (200 tokens, waited 0.1 s) scores 200 - 100 = 100. The long one goes first.
        Enqueue(rank, Request(2, 9.9, 200), Request(1, 8, 800));
        var policy = new ShortestPromptFirstPolicy();
        var batch = new RankBatch();

        policy.Form(rank, batch, Limits, At(10));

        Assert.Equal(-1200, policy.Score(Request(1, 8, 800), At(10)), precision: 9);
        Assert.Equal([1L], PrefillIds(batch));
    }

    [Fact]
    public void Shortest_prompt_first_never_starves_a_long_prompt_under_a_stream_of_short_ones()
    {
        var rank = Rank(maxRunning: 1);
        var policy = new ShortestPromptFirstPolicy(agingTokensPerSecond: 1000);
        Enqueue(rank, Request(1, 0, 5000));
        var admittedAt = -1.0;
        // Every 0.1 s a fresh 100-token prompt arrives and the rank admits one request, finishing it at once.
        for (var step = 1; step <= 200 && admittedAt < 0; step++)
        {
            var now = step * 0.1;
            Enqueue(rank, Request(1000 + step, now, 100));
            var batch = new RankBatch();
            policy.Form(rank, batch, Limits, At(now));
            foreach (var chunk in batch.Prefills)
            {
                if (chunk.Request.Id == 1)
                {
                    admittedAt = now;
                }

                rank.Release(chunk.Request);
            }
        }

        // Bound from the aging rule: 5,000 tokens / 1,000 tokens/s = 5 s until its score is below any fresh arrival.
        Assert.InRange(admittedAt, 0.1, 5.1);
    }

    [Fact]
    public void Fcfs_on_a_decode_rank_admits_prefilled_arrivals_whatever_their_prompt_length()
    {
        var rank = new AttentionRank(0, new ClusterSim.Scheduling.KvCache.PagedKvCache(1000, 16), 16, decodeOnly: true);
        Enqueue(rank, Request(1, 0, 3000), Request(2, 0, 3000));
        var batch = new RankBatch();

        new FcfsPolicy().Form(rank, batch, Limits, At(1));

        // Both arrive prefilled: no prefill chunks, both running, ready to decode next step.
        Assert.Empty(batch.Prefills);
        Assert.Equal(2, rank.Running.Count);
    }
}
