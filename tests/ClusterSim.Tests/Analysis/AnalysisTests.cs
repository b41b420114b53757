using ClusterSim.Analysis;
using ClusterSim.Models;
using ClusterSim.Tests.Models;

namespace ClusterSim.Tests.Analysis;

public sealed class AnalysisTests
{
    // B200: 2.25 PFLOP/s dense BF16, 8 TB/s HBM → RP = 2.25e15 / 8e12 = 281.25.
    private static readonly MachineBalance B200 = new(2.25e15, 8e12, 192e9, 400e9 / 8 * 8, 0);

    [Fact]
    public void RidgePoint_b200_is_281_25()
    {
        Assert.Equal(281.25, B200.RidgePoint);
    }

    [Fact]
    public void MoeBatch_deepseek_v3_on_b200_is_9000()
    {
        // E/k = 256/8 = 32; 281.25 · 32 = 9,000.
        Assert.Equal(9000, BatchThresholds.MoeBatch(B200.RidgePoint, Catalog.Load("deepseek-v3").Moe!));
    }

    [Fact]
    public void AttentionBatch_is_ridge_times_dp()
    {
        Assert.Equal(281.25 * 32, BatchThresholds.AttentionBatch(B200.RidgePoint, 32));
    }

    [Fact]
    public void TokensPerExpert_follows_gamma_b_k_over_e()
    {
        // Γ 1.5, B 4096, k 8, E 256: 1.5 · 4096 · 8 / 256 = 192.
        Assert.Equal(192, BatchThresholds.TokensPerExpert(4096, Catalog.Load("deepseek-v3").Moe!, 1.5));
    }

    [Fact]
    public void ExpertIntensityGrid_approaches_two_r_over_b()
    {
        // DeepSeek-V3 (FP8 experts in 128×128 blocks, b = 1 + 4/16384): EP 32, 64 tokens per rank → B = 2048,
        // R = 2048·8/256 = 64, 2R/b = 128/(1 + 4/16384) = 127.969. With activations (in d, 2f written, 2f read, out d, BF16):
        // 6·7168·2048·64 / (3·7168·2048·b + 64·(2·7168 + 4·2048)·2) = 5,637,144,576 / (44,050,944 + 2,883,584) = 120.11.
        var rows = BatchThresholds.ExpertIntensityGrid(Catalog.Load("deepseek-v3"), [8, 32], [16, 64]);
        Assert.Equal(4, rows.Count);
        var row = rows.Single(r => r.ExpertParallel == 32 && r.BatchPerRank == 64);
        Assert.Equal(2048, row.PoolBatch);
        Assert.Equal(8, row.ExpertsPerRank);
        Assert.Equal(64, row.TokensPerExpert);
        Assert.Equal(128 / (1 + (4.0 / 16384)), row.ApproximateIntensity, 12);
        Assert.Equal(120.11, row.Intensity, 2);
        Assert.All(rows, r => Assert.True(r.Intensity <= r.ApproximateIntensity));
    }

    [Fact]
    public void Compare_deepseek_attention_variants_in_bf16()
    {
        // Per context token, h = 128, qk 192, v 128, latent 512 + rope 64, b = 2:
        // MHA 2·128·320 / (128·320·2) = 1; GQA g=8 → 8; MLA absorbed 2·128·1088 / 1152 = 241.78;
        // MLA not absorbed (2·512·128·256 + 2·128·320) / (1152 + 2·128·256·2) = 33,636,352 / 132,224 = 254.4,
        // with 120.8x the absorbed FLOPs.
        var rows = AttentionComparison.Compare(Catalog.Load("deepseek-v3"), 2);
        Assert.Equal(1, rows[0].Intensity);
        Assert.Equal(8, rows[1].Intensity);
        Assert.Equal(241.78, rows[2].Intensity, 2);
        Assert.Equal(254.39, rows[3].Intensity, 2);
        Assert.Equal(120.8, rows[3].FlopsPerContextToken / rows[2].FlopsPerContextToken, 1);
        Assert.Equal(1152, rows[2].KvBytesPerTokenPerLayer);
    }

    [Fact]
    public void Compare_under_tp_divides_mla_intensity()
    {
        var rows = AttentionComparison.Compare(Catalog.Load("deepseek-v3"), 2, tensorParallel: 8);
        Assert.Equal(241.78 / 8, rows[2].Intensity, 2);
    }

    [Fact]
    public void Compare_gqa_model_has_no_mla_rows()
    {
        var rows = AttentionComparison.Compare(Catalog.Load("llama-3-70b"), 2);
        Assert.Equal(2, rows.Count);
        Assert.Equal(2.0 / 2, rows[0].Intensity);
        Assert.Equal(2.0 * 8 / 2, rows[1].Intensity);
    }

    [Fact]
    public void DecodeIntensity_lists_attention_and_expert_rows_for_deepseek()
    {
        var rows = DecodeIntensity.Of(Catalog.Load("deepseek-v3"), new ParallelPlan(AttentionDataParallel: 32, ExpertParallel: 32), 64, 4096);
        Assert.Contains(rows, r => r.Layer == LayerKind.DenseFull && r.Kind == OperatorKind.DenseFfnUp);
        var experts = rows.Single(r => r.Layer == LayerKind.MoeFull && r.Kind == OperatorKind.RoutedExpertsUp);
        // 64 tokens·8 = 512 copies over 8 local experts = 64 each; gate+up FP8: 2·64·7168·4096 FLOPs over
        // 8·7168·4096 weight bytes + 512·7168·2 in + 512·8192 ... ≈ 2R/b·(1 − activation share) ≈ 110–128.
        Assert.InRange(experts.Intensity, 100, 128);
        Assert.Contains(rows, r => r.Kind == OperatorKind.Dispatch && r.IsCommunication);
        Assert.Contains(rows, r => r.Kind == OperatorKind.LmHead);
    }

    [Fact]
    public void Paper_memory_limited_batch_matches_hand_calculation()
    {
        // HBM 100·8 = 800; weights 2·(10·4 + 60) = 200; per request 2·1·100 + 0 = 200 → (800 − 200)/200 = 3.
        Assert.Equal(3, MemoryLimitedBatch.Paper(100, 8, 2, 10, 4, 60, 1, 100, 0));
    }

    [Fact]
    public void ForModel_memory_limited_batch_deepseek_on_32_b200()
    {
        // 32 · 192 GB = 6,144 GB; experts ≈ 58·256·44.04 M·1 B = 654 GB once; replicated parts ≈ 15 GB × 32.
        // KV per request at 4096 tokens: 70,272 · 4096 = 287.8 MB → B_cap of a few thousand requests.
        var capacity = MemoryLimitedBatch.ForModel(Catalog.Load("deepseek-v3"), 192e9, 32, 32, 4096);
        Assert.Equal(70_272.0 * 4096, capacity.KvBytesPerRequest);
        var expected = Math.Floor((capacity.HbmBytes - capacity.WeightBytes) / (capacity.KvBytesPerRequest + capacity.ActivationBytesPerRequest));
        Assert.Equal(expected, capacity.MaxBatch);
        Assert.InRange(capacity.MaxBatch, 15_000, 20_000);
    }

    [Fact]
    public void AllToAll_time_follows_equation_13()
    {
        // 2·Γ·(7168·1)·8·B / (BW·n) + α with Γ 1, B 4096, BW 50 GB/s, n 32, α 10 µs:
        // 2·7168·8·4096 / (50e9·32) = 0.2936 ms, + 0.01 ms.
        var seconds = TpotBound.AllToAllSeconds(4096, 7168, 8, 1, 1, 1, 50e9, 32, 10e-6);
        Assert.Equal((2.0 * 7168 * 8 * 4096 / (50e9 * 32)) + 10e-6, seconds, 12);
    }

    [Fact]
    public void ForModel_tpot_adds_weights_kv_and_communication()
    {
        var machine = new MachineBalance(2.25e15, 8e12, 192e9, 50e9, 10e-6);
        var tpot = TpotBound.ForModel(Catalog.Load("deepseek-v3"), machine, 32, 32, 4096, 4096);
        Assert.Equal(tpot.WeightReadSeconds + tpot.KvAndActivationSeconds + tpot.CommunicationSeconds, tpot.Seconds);
        // KV alone: 4096 requests · 4096 tokens · 70,272 bytes / (32 · 8e12) = 4.6 ms.
        Assert.InRange(tpot.KvAndActivationSeconds, 4.6e-3, 4.8e-3);
        // Communication: 58 MoE layers · (2·7168·1 B... dispatch FP8 + combine BF16 = 3 bytes) · 8 · 4096 / (50e9·32) + α.
        Assert.Equal(58 * ((3.0 * 7168 * 8 * 4096 / (50e9 * 32)) + 10e-6), tpot.CommunicationSeconds, 9);
        Assert.True(tpot.ComputeSeconds > 0);
    }

    [Fact]
    public void ModelSummary_reports_kv_and_parameters()
    {
        var s = ModelSummary.Of(Catalog.Load("llama-3-70b"));
        Assert.Equal(327_680, s.KvBytesPerToken);
        Assert.Equal(4096, s.KvBytesPerTokenPerLayer);
        Assert.Equal(80, s.Layers.Dense);
    }
}
