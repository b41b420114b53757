using ClusterSim.Models;
using FsCheck;
using FsCheck.Xunit;

namespace ClusterSim.Tests.Models;

public sealed class AttentionWorkPropertyTests
{
    [Property]
    public bool PrefillChunk_split_in_two_conserves_pairs_and_windowed_pairs(PositiveInt first, PositiveInt second, NonNegativeInt cached, PositiveInt window)
    {
        var n1 = first.Get % 5000;
        var n2 = second.Get % 5000;
        var p = cached.Get % 5000;
        var w = window.Get % 3000;
        var whole = AttentionWork.PrefillChunk(n1 + n2, p, w);
        var split = AttentionWork.PrefillChunk(n1, p, w) + AttentionWork.PrefillChunk(n2, p + n1, w);
        return whole.Pairs == split.Pairs && whole.WindowedPairs == split.WindowedPairs && whole.Tokens == split.Tokens;
    }

    [Property]
    public bool PrefillChunk_windowed_pairs_equal_a_direct_sum(PositiveInt newTokens, NonNegativeInt cached, PositiveInt window)
    {
        var n = newTokens.Get % 300;
        var p = cached.Get % 300;
        var w = window.Get % 200;
        long expected = 0;
        for (long j = p; j < p + n; j++)
        {
            expected += w > 0 ? Math.Min(j + 1, w) : j + 1;
        }

        var work = AttentionWork.PrefillChunk(n, p, w);
        return work.WindowedPairs == expected && work.WindowedPairs <= work.Pairs && work.WindowedKvTokens <= work.KvTokens;
    }

    [Property]
    public bool DecodeOne_is_a_prefill_chunk_of_one_token(PositiveInt context, PositiveInt window)
    {
        var l = context.Get % 100_000;
        var w = window.Get % 5000;
        if (l == 0)
        {
            return true;
        }

        var decode = AttentionWork.DecodeOne(l, w);
        var chunk = AttentionWork.PrefillChunk(1, l - 1, w);
        return decode.Pairs == chunk.Pairs && decode.WindowedPairs == chunk.WindowedPairs && decode.KvTokens == chunk.KvTokens;
    }
}
