using ClusterSim.Engine;
using ClusterSim.Models;
using ClusterSim.Scheduling;
using ClusterSim.Serving;

namespace ClusterSim.Tests.Serving;

public sealed class StepShapesTests
{
    // Two decoding requests: A holds 100 prompt + 5 generated tokens (context 105), B 50 + 1 (context 51).
    private static RankBatch Batch(int tokensPerDecode)
    {
        var batch = new RankBatch { TokensPerDecode = tokensPerDecode };
        batch.AddDecode(new RequestState(1, SimTime.Zero, 100, 40, null) { PrefilledTokens = 100, GeneratedTokens = 5 });
        batch.AddDecode(new RequestState(2, SimTime.Zero, 50, 40, null) { PrefilledTokens = 50, GeneratedTokens = 1 });
        return batch;
    }

    [Fact]
    public void Decode_shape_sums_each_requests_context_plus_the_drafts_it_feeds()
    {
        // Three tokens a request (one draft pair): A attends over 105 + 2 = 107 tokens, B over 51 + 2 = 53; 160 in all,
        // and every one of the 3 tokens attends over them: 480 pairs.
        var shape = StepShapes.Of(Batch(3), slidingWindow: 0);

        Assert.Equal(new AttentionWork(2, 6, 480, 480, 160, 160), shape.Decode);
        Assert.Equal(6, shape.LogitTokens);
        Assert.Equal(105 + 51, Batch(1).DecodeContextTokens);
        Assert.Equal(new AttentionWork(2, 2, 156, 156, 156, 156), StepShapes.Of(Batch(1), 0).Decode);
    }

    [Fact]
    public void A_sliding_window_caps_each_requests_context_before_summing()
    {
        // Window 60: A reads min(107, 60) = 60, B min(53, 60) = 53: 113 windowed tokens, 339 windowed pairs.
        var shape = StepShapes.Of(Batch(3), slidingWindow: 60);

        Assert.Equal(new AttentionWork(2, 6, 480, 339, 160, 113), shape.Decode);
    }

    [Fact]
    public void An_empty_batch_has_no_decode_work()
    {
        var batch = new RankBatch();
        batch.AddDecode(new RequestState(1, SimTime.Zero, 10, 4, null) { PrefilledTokens = 10, GeneratedTokens = 1 });
        batch.Clear();

        Assert.Equal(0, batch.DecodeContextTokens);
        Assert.Equal(default, StepShapes.Of(batch, 0).Decode);
    }
}
