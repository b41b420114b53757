using ClusterSim.Hardware;
using ClusterSim.Models;
using ClusterSim.Input;

namespace ClusterSim.Tests.Models;

public sealed class OperatorCostModelTests
{
    private const long Context = 4096;

    [Fact]
    public void WriteLayer_mha_decode_attention_core_has_intensity_two_over_b()
    {
        // GPT-3: FLOPs 4·96·128·L; bytes 2·96·128·L·2 (+ small query/output terms) → 2/2 = 1 in BF16.
        var core = DecodeCore("gpt-3-175b", requests: 1);
        Assert.Equal(4.0 * 96 * 128 * Context, core.Flops);
        Assert.InRange(core.ArithmeticIntensity, 0.99, 1.0);
    }

    [Fact]
    public void WriteLayer_gqa_decode_attention_core_has_intensity_two_g_over_b()
    {
        // Llama-3-70B, g = 8: FLOPs 4·64·128·L, bytes 2·8·128·L·2 → 2·8/2 = 8.
        var core = DecodeCore("llama-3-70b", requests: 1);
        Assert.InRange(core.ArithmeticIntensity, 7.9, 8.0);
    }

    [Fact]
    public void WriteLayer_mla_absorbed_decode_core_has_intensity_about_242_in_bf16()
    {
        // FLOPs per context token: 2·128·(2·512 + 64) = 278,528 (scores over 576, values over 512).
        // Bytes per context token: the 576-element latent read once, 576·2 = 1,152.
        // 278,528 / 1,152 = 241.8 as L grows. At L = 4096 the latent query (128·576·2 = 147,456 bytes) and
        // latent output (128·512·2 = 131,072 bytes) add to 4096·1,152 = 4,718,592: 1,140,850,688 / 4,997,120 = 228.30.
        var core = DecodeCore("deepseek-v3", requests: 1);
        Assert.Equal(278_528.0 * Context, core.Flops);
        Assert.Equal(4_997_120, core.Bytes);
        Assert.Equal(228.30, core.ArithmeticIntensity, 2);
    }

    [Fact]
    public void WriteLayer_mla_not_absorbed_decode_costs_far_more_flops()
    {
        // Not absorbed: kv_b decompression 2·L·512·128·256 plus core 2·128·(128+64+128)·L = 33,636,352·L
        // against absorbed 278,528·L + absorb GEMMs: about 120x.
        var model = Catalog.Load("deepseek-v3");
        var absorbed = LayerFlops(model, new AttentionOptions(MlaMode.Absorbed, MlaMode.Absorbed));
        var notAbsorbed = LayerFlops(model, new AttentionOptions(MlaMode.NotAbsorbed, MlaMode.NotAbsorbed));
        Assert.InRange(notAbsorbed / absorbed, 100, 125);
    }

    [Fact]
    public void WriteLayer_mla_under_tp_divides_intensity_by_tp()
    {
        var single = DecodeCore("deepseek-v3", requests: 1);
        var tp8 = DecodeCore("deepseek-v3", requests: 1, new ParallelPlan(AttentionTensorParallel: 8));
        Assert.Equal(single.Flops / 8, tp8.Flops);
        Assert.InRange(single.ArithmeticIntensity / tp8.ArithmeticIntensity, 7.5, 8.0);
    }

    [Fact]
    public void WriteLayer_routed_experts_cost_six_d_f_per_token_and_read_only_active_experts()
    {
        // DeepSeek-V3 expert: d 7168, f 2048. Counts {5, 0, 3, 0, 0, 0, 0, 0}: 8 tokens, 2 active experts.
        // FLOPs 6·7168·2048·8 = 704,643,072. Weight bytes 2 experts · 3·7168·2048 · (1 + 4/16384) bytes (FP8 with one
        // FP32 scale per 128×128 block) = 88,080,384 + 21,504 = 88,101,888.
        var model = Catalog.Load("deepseek-v3");
        var costs = new OperatorCostModel(model, new ParallelPlan(AttentionDataParallel: 32, ExpertParallel: 32));
        Span<OperatorCost> buffer = stackalloc OperatorCost[OperatorCostModel.MaxOperatorsPerLayer];
        var n = costs.WriteLayer(LayerKind.MoeFull, BatchShape.UniformDecode(8, Context, 0), [5, 0, 3, 0, 0, 0, 0, 0], buffer);
        var up = OperatorCosts.Find(buffer[..n], OperatorKind.RoutedExpertsUp)!.Value;
        var down = OperatorCosts.Find(buffer[..n], OperatorKind.RoutedExpertsDown)!.Value;
        Assert.Equal(6.0 * 7168 * 2048 * 8, up.Flops + down.Flops);
        var activationBytes = (8.0 * 7168 * 2) + (8.0 * 4096 * 2) + (8.0 * 4096 * 2) + (8.0 * 7168 * 2);
        Assert.Equal(88_101_888 + activationBytes, up.Bytes + down.Bytes);
        Assert.Equal(DataType.Fp8, up.ComputeType);
    }

    [Fact]
    public void WriteLayer_dense_ffn_intensity_is_about_tokens_in_bf16()
    {
        // Llama-3-70B SwiGLU at T = 64: FLOPs 6·d·f·64, weights 3·d·f·2 bytes → 2·64/2 = 64, less activations.
        var model = Catalog.Load("llama-3-70b");
        var costs = new OperatorCostModel(model, ParallelPlan.Single);
        Span<OperatorCost> buffer = stackalloc OperatorCost[OperatorCostModel.MaxOperatorsPerLayer];
        var n = costs.WriteLayer(LayerKind.DenseFull, BatchShape.UniformDecode(64, Context, 0), default, buffer);
        var up = OperatorCosts.Find(buffer[..n], OperatorKind.DenseFfnUp)!.Value;
        var down = OperatorCosts.Find(buffer[..n], OperatorKind.DenseFfnDown)!.Value;
        var intensity = (up.Flops + down.Flops) / (up.Bytes + down.Bytes);
        Assert.InRange(intensity, 60, 64);
    }

    [Fact]
    public void WriteLayer_plain_gelu_mlp_has_two_matrices()
    {
        // GPT-3: 2 matrices of 12288·49152, FLOPs 4·d·f per token.
        var model = Catalog.Load("gpt-3-175b");
        var costs = new OperatorCostModel(model, ParallelPlan.Single);
        Span<OperatorCost> buffer = stackalloc OperatorCost[OperatorCostModel.MaxOperatorsPerLayer];
        var n = costs.WriteLayer(LayerKind.DenseFull, BatchShape.UniformDecode(1, 100, 0), default, buffer);
        var up = OperatorCosts.Find(buffer[..n], OperatorKind.DenseFfnUp)!.Value;
        var down = OperatorCosts.Find(buffer[..n], OperatorKind.DenseFfnDown)!.Value;
        Assert.Equal(4.0 * 12288 * 49152, up.Flops + down.Flops);
    }

    [Fact]
    public void PrefillChunk_counts_causal_pairs_and_windowed_pairs()
    {
        // n = 4 after p = 2: pairs 4·2 + 4·5/2 = 18 (queries see 3, 4, 5, 6 keys).
        // Window 4: min(3,4) + min(4,4) + 4 + 4 = 15; KV read min(6, 4 + 4 - 1) = 6.
        var work = AttentionWork.PrefillChunk(4, 2, 4);
        Assert.Equal(18, work.Pairs);
        Assert.Equal(15, work.WindowedPairs);
        Assert.Equal(6, work.KvTokens);
        Assert.Equal(6, work.WindowedKvTokens);
        // Window 2 with p = 10: every query sees 2 keys → 8 pairs; keys 9..13 → 5 tokens.
        var late = AttentionWork.PrefillChunk(4, 10, 2);
        Assert.Equal(8, late.WindowedPairs);
        Assert.Equal(5, late.WindowedKvTokens);
    }

    [Fact]
    public void WriteLayer_sliding_layer_reads_only_the_window()
    {
        // gpt-oss decode at L = 4096: full layer reads 4096 tokens, sliding layer 128 → core FLOPs ratio 32.
        var model = Catalog.Load("gpt-oss-120b");
        var costs = new OperatorCostModel(model, ParallelPlan.Single);
        Span<OperatorCost> buffer = stackalloc OperatorCost[OperatorCostModel.MaxOperatorsPerLayer];
        Span<int> experts = stackalloc int[128];
        var shape = BatchShape.UniformDecode(1, Context, model.SlidingWindow);
        var n = costs.WriteLayer(LayerKind.MoeFull, shape, experts, buffer);
        var full = OperatorCosts.Find(buffer[..n], OperatorKind.AttentionCore)!.Value.Flops;
        n = costs.WriteLayer(LayerKind.MoeSliding, shape, experts, buffer);
        var sliding = OperatorCosts.Find(buffer[..n], OperatorKind.AttentionCore)!.Value.Flops;
        Assert.Equal(32, full / sliding);
    }

    [Fact]
    public void WriteLayer_mixed_batch_uses_each_phase_mla_mode()
    {
        var model = Catalog.Load("deepseek-v3");
        var costs = new OperatorCostModel(model, ParallelPlan.Single);
        Span<OperatorCost> buffer = stackalloc OperatorCost[OperatorCostModel.MaxOperatorsPerLayer];
        var shape = new BatchShape(AttentionWork.PrefillChunk(512, 0, 0), AttentionWork.Decode(4, 4 * Context, 4 * Context), 5);
        var n = costs.WriteLayer(LayerKind.DenseFull, shape, default, buffer);
        var kinds = buffer[..n].ToArray().Select(c => c.Kind).ToList();
        Assert.Contains(OperatorKind.MlaKvUp, kinds);
        Assert.Contains(OperatorKind.MlaQueryAbsorb, kinds);
        Assert.Equal(2, kinds.Count(k => k == OperatorKind.AttentionCore));
    }

    [Fact]
    public void WriteLayer_allocates_nothing()
    {
        var model = Catalog.Load("deepseek-v3");
        var costs = new OperatorCostModel(model, new ParallelPlan(AttentionDataParallel: 32, ExpertParallel: 32));
        var buffer = new OperatorCost[OperatorCostModel.MaxOperatorsPerLayer];
        var experts = new int[costs.ExpertsPerRank];
        var shape = BatchShape.UniformDecode(64, Context, 0);
        costs.FillBalancedExpertCounts(64, experts);
        costs.WriteLayer(LayerKind.MoeFull, shape, experts, buffer); // warm up
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            costs.WriteLayer(LayerKind.MoeFull, shape, experts, buffer);
            costs.WriteStepEnd(shape, buffer);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void FillBalancedExpertCounts_conserves_token_copies()
    {
        // DeepSeek-V3 EP 32: 8 slots; 100 tokens · k 8 = 800 copies → 100 per slot.
        var costs = new OperatorCostModel(Catalog.Load("deepseek-v3"), new ParallelPlan(ExpertParallel: 32));
        Span<int> counts = stackalloc int[costs.ExpertsPerRank];
        Assert.Equal(8, costs.FillBalancedExpertCounts(100, counts));
        Assert.Equal(800, counts.ToArray().Sum());
    }

    [Fact]
    public void WriteLayer_dispatch_sends_remote_share_of_token_copies()
    {
        // EP 32: 31/32 of 64·8 copies of 7168 FP8 bytes leave the rank.
        var costs = new OperatorCostModel(Catalog.Load("deepseek-v3"), new ParallelPlan(AttentionDataParallel: 32, ExpertParallel: 32));
        Span<OperatorCost> buffer = stackalloc OperatorCost[OperatorCostModel.MaxOperatorsPerLayer];
        Span<int> counts = stackalloc int[costs.ExpertsPerRank];
        costs.FillBalancedExpertCounts(64, counts);
        var n = costs.WriteLayer(LayerKind.MoeFull, BatchShape.UniformDecode(64, Context, 0), counts, buffer);
        var dispatch = OperatorCosts.Find(buffer[..n], OperatorKind.Dispatch)!.Value;
        Assert.Equal(31.0 / 32 * 64 * 8 * 7168, dispatch.BytesRead, 6);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(42)]
    public void The_routed_expert_work_alone_is_the_same_operators_in_the_same_order_as_in_the_whole_layer(int seed)
    {
        // The expert-side pricers time only the routed work; writing it alone must give exactly what they used to
        // filter out of a whole layer written for an empty batch, or their sums would change.
        var costs = new OperatorCostModel(Catalog.Load("deepseek-v3"), new ParallelPlan(AttentionDataParallel: 16, ExpertParallel: 16));
        var random = new ClusterSim.Engine.Random.RandomStream((ulong)seed);
        var counts = new int[16];
        for (var i = 0; i < counts.Length; i++)
        {
            counts[i] = random.NextInt(4) == 0 ? 0 : random.NextInt(1, 300);
        }

        var whole = new OperatorCost[OperatorCostModel.MaxOperatorsPerLayer];
        var n = costs.WriteLayer(LayerKind.MoeFull, default, counts, whole);
        var expected = whole.Take(n).Where(o => ClusterSim.Serving.RankPhases.IsRoutedExpertWork(o.Kind)).ToArray();
        var alone = new OperatorCost[OperatorCostModel.MaxOperatorsPerLayer];
        var m = costs.WriteRoutedExpertWork(LayerKind.MoeFull, counts, alone);

        Assert.Equal(5, expected.Length);
        Assert.Equal(expected, alone.Take(m).ToArray());
        Assert.Equal(0, costs.WriteRoutedExpertWork(LayerKind.DenseFull, counts, alone));
        Assert.Equal(0, costs.WriteRoutedExpertWork(LayerKind.MoeFull, new int[16], alone));
    }

    private static OperatorCost DecodeCore(string name, int requests, ParallelPlan? plan = null)
    {
        var model = Catalog.Load(name);
        var costs = new OperatorCostModel(model, plan ?? ParallelPlan.Single, ModelPrecision.Uniform(DataType.Bf16));
        Span<OperatorCost> buffer = stackalloc OperatorCost[OperatorCostModel.MaxOperatorsPerLayer];
        var n = costs.WriteLayer(LayerKind.DenseFull, BatchShape.UniformDecode(requests, Context, 0), default, buffer);
        return OperatorCosts.Find(buffer[..n], OperatorKind.AttentionCore)!.Value;
    }

    private static double LayerFlops(ModelArchitecture model, AttentionOptions options)
    {
        var costs = new OperatorCostModel(model, ParallelPlan.Single, options: options);
        Span<OperatorCost> buffer = stackalloc OperatorCost[OperatorCostModel.MaxOperatorsPerLayer];
        var n = costs.WriteLayer(LayerKind.DenseFull, BatchShape.UniformDecode(1, Context, 0), default, buffer);
        double attention = 0;
        foreach (var c in buffer[..n])
        {
            if (c.Kind is OperatorKind.MlaKvUp or OperatorKind.MlaQueryAbsorb or OperatorKind.MlaValueUp or OperatorKind.AttentionCore)
            {
                attention += c.Flops;
            }
        }

        return attention;
    }
}

public sealed class PrecisionAndMtpTests
{
    [Fact]
    public void WithOverride_sets_one_tensor_kind()
    {
        var p = ModelPrecision.Uniform(DataType.Bf16).WithOverride("kv_cache", "fp8", "s.yaml", "model.precision.kv_cache");
        Assert.Equal(DataType.Fp8, p.KvCache);
        Assert.Equal(WeightFormat.Plain(DataType.Bf16), p.AttentionWeights);
    }

    [Fact]
    public void WithOverride_unknown_type_names_key_and_allowed_values()
    {
        var ex = Assert.Throws<ClusterSim.Input.InputException>(
            () => ModelPrecision.Uniform(DataType.Bf16).WithOverride("weights", "int3", "s.yaml", "model.precision.weights"));
        Assert.Equal("model.precision.weights", ex.KeyPath);
        Assert.Contains("fp8", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fp8_kv_cache_halves_kv_bytes()
    {
        var model = Catalog.Load("deepseek-v3");
        var memory = new ModelMemory(model, model.Precision with { KvCache = DataType.Fp8 });
        Assert.Equal(70_272 / 2, memory.KvBytesPerToken);
    }

    [Fact]
    public void WriteMtpModule_adds_projection_a_moe_layer_and_the_head()
    {
        // eh_proj: 2·T·(2·7168)·7168 FLOPs at T = 16.
        var model = Catalog.Load("deepseek-v3");
        var costs = new OperatorCostModel(model, new ParallelPlan(ExpertParallel: 32));
        Span<OperatorCost> buffer = stackalloc OperatorCost[OperatorCostModel.MaxOperatorsPerLayer];
        Span<int> counts = stackalloc int[costs.ExpertsPerRank];
        costs.FillBalancedExpertCounts(16, counts);
        var n = costs.WriteMtpModule(BatchShape.UniformDecode(16, 1000, 0), counts, buffer);
        Assert.Equal(2.0 * 16 * 14336 * 7168, OperatorCosts.Find(buffer[..n], OperatorKind.MtpProjection)!.Value.Flops);
        Assert.NotNull(OperatorCosts.Find(buffer[..n], OperatorKind.RoutedExpertsUp));
        Assert.NotNull(OperatorCosts.Find(buffer[..n], OperatorKind.LmHead));
    }
}
