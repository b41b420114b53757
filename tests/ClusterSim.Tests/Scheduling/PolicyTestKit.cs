using ClusterSim.Engine;
using ClusterSim.Scheduling;
using ClusterSim.Scheduling.KvCache;

namespace ClusterSim.Tests.Scheduling;

/// <summary>Hand-built ranks and requests for policy tests.</summary>
internal static class PolicyTestKit
{
    public static AttentionRank Rank(int blocks = 1000, int blockTokens = 16, int maxRunning = 16) =>
        new(0, new PagedKvCache(blocks, blockTokens), maxRunning, decodeOnly: false);

    public static RequestState Request(long id, double arrivalS, int prompt, int output = 100) =>
        new(id, SimTime.Zero + SimDuration.FromSeconds(arrivalS), prompt, output, null);

    public static SimTime At(double seconds) => SimTime.Zero + SimDuration.FromSeconds(seconds);

    /// <summary>Enqueues requests on a rank the way an instance does.</summary>
    public static void Enqueue(AttentionRank rank, params RequestState[] requests)
    {
        foreach (var r in requests)
        {
            rank.Waiting.Enqueue(r);
            rank.OutstandingTokens += r.PromptTokens + r.RemainingOutputTokens;
        }
    }

    /// <summary>Admits and fully prefills a request so that it decodes.</summary>
    public static RequestState Decoding(AttentionRank rank, RequestState request)
    {
        rank.Waiting.Enqueue(request);
        var admitted = rank.TryAdmitNext(SimTime.Zero) ?? throw new InvalidOperationException("could not admit");
        admitted.PrefilledTokens = admitted.PromptTokens;
        admitted.GeneratedTokens = 1;
        admitted.CompletePrefill();
        return admitted;
    }

    public static long[] PrefillIds(RankBatch batch) => [.. batch.Prefills.Select(p => p.Request.Id)];

    public static int[] PrefillTokens(RankBatch batch) => [.. batch.Prefills.Select(p => p.NewTokens)];
}
