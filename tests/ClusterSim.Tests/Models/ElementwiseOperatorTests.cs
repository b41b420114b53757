using ClusterSim.Hardware;
using ClusterSim.Models;

namespace ClusterSim.Tests.Models;

/// <summary>
/// The memory-bound operators between the GEMMs (docs/modeling.md, "Element-wise operators"), each against a hand
/// calculation on DeepSeek-V3 (MLA, FP8 block-scaled weights, BF16 activations, FP8 dispatch) and Llama-3-70B (GQA, BF16).
/// </summary>
public sealed class ElementwiseOperatorTests
{
    // DeepSeek-V3: d 7168, 128 heads, q_lora 1536, rope 64, v 128, 256 experts top-8, f 2048, 1 shared, vocab 129,280.
    // Llama-3-70B: d 8192, 64 heads, 8 KV heads, head dim 128, f 28672, vocab 128,256.
    private const long Context = 4096;

    /// <summary>An FP8 activation element with its share of one FP32 scale per 128 elements.</summary>
    private const double Fp8WithScale = 1 + (4.0 / 128);

    private static OperatorCost Op(ReadOnlySpan<OperatorCost> ops, OperatorKind kind) =>
        OperatorCosts.Find(ops, kind) ?? throw new Xunit.Sdk.XunitException($"{kind} was not written");

    private static OperatorCost[] DeepSeekMoeLayer(int tokens, int[] expertCounts)
    {
        var costs = new OperatorCostModel(Catalog.Load("deepseek-v3"), new ParallelPlan(AttentionDataParallel: 32, ExpertParallel: 32));
        var buffer = new OperatorCost[OperatorCostModel.MaxOperatorsPerLayer];
        var n = costs.WriteLayer(LayerKind.MoeFull, BatchShape.UniformDecode(tokens, Context, 0), expertCounts, buffer);
        return buffer[..n];
    }

    private static OperatorCost[] LlamaLayer(ModelPrecision? precision = null)
    {
        var costs = new OperatorCostModel(Catalog.Load("llama-3-70b"), new ParallelPlan(AttentionTensorParallel: 8), precision);
        var buffer = new OperatorCost[OperatorCostModel.MaxOperatorsPerLayer];
        var n = costs.WriteLayer(LayerKind.DenseFull, BatchShape.UniformDecode(64, Context, 0), default, buffer);
        return buffer[..n];
    }

    [Fact]
    public void Rope_on_mla_rotates_only_the_64_rope_dims_of_every_query_head_and_the_shared_key()
    {
        // T = 8 on TP 1: 8 · (128 query heads + 1 rotary key) · 64 = 66,048 elements, BF16 read and written,
        // 3 FLOPs each (x·cos − y·sin).
        var rope = Op(DeepSeekMoeLayer(8, [8, 0, 0, 0, 0, 0, 0, 0]), OperatorKind.Rope);
        Assert.Equal(66_048 * 2, rope.BytesRead);
        Assert.Equal(66_048 * 2, rope.BytesWritten);
        Assert.Equal(3 * 66_048, rope.Flops);
        Assert.Equal(OpClass.Elementwise, rope.Class);
    }

    [Fact]
    public void Rope_on_gqa_rotates_whole_query_and_kv_heads_of_the_rank()
    {
        // Llama-3-70B TP 8, T = 64: 64 · (8 query + 1 KV head) · 128 = 73,728 elements.
        var rope = Op(LlamaLayer(), OperatorKind.Rope);
        Assert.Equal(73_728 * 2, rope.BytesRead);
        Assert.Equal(73_728 * 2, rope.BytesWritten);
        Assert.Equal(3 * 73_728, rope.Flops);
    }

    [Fact]
    public void Residual_adds_fused_into_the_norm_read_the_residual_and_write_it_back_after_attention_and_after_the_ffn()
    {
        // Llama-3-70B, T = 64, BF16, add fused into the next RMSNorm: beyond the norm's own traffic it reads the
        // residual, 64 · 8192 · 2 = 1,048,576 B, and writes the updated residual, 1,048,576 B; 524,288 FLOPs.
        var ops = LlamaLayer();
        foreach (var kind in new[] { OperatorKind.AttentionResidualAdd, OperatorKind.FfnResidualAdd })
        {
            var add = Op(ops, kind);
            Assert.Equal(1_048_576, add.BytesRead);
            Assert.Equal(1_048_576, add.BytesWritten);
            Assert.Equal(524_288, add.Flops);
        }
    }

    [Fact]
    public void Bf16_weights_need_no_activation_quantisation()
    {
        var ops = LlamaLayer();
        Assert.Null(OperatorCosts.Find(ops, OperatorKind.AttentionActivationQuant));
        Assert.Null(OperatorCosts.Find(ops, OperatorKind.FfnActivationQuant));
    }

    [Fact]
    public void Fp8_per_tensor_llama_quantises_each_gemm_input_to_one_byte_without_scales()
    {
        // Attention inputs per token: hidden 8192 (QKV) + 8 heads · 128 (o_proj) = 9,216; T = 64 → 589,824 elements.
        // FFN inputs per token: hidden 8192 (gate/up) + 28672 / 8 = 3,584 (down) = 11,776 → 753,664 elements.
        var model = Catalog.Load("llama-3-70b");
        var ops = LlamaLayer(model.Precision.WithAllWeights(WeightFormat.Fp8PerTensor));
        var attention = Op(ops, OperatorKind.AttentionActivationQuant);
        Assert.Equal(589_824 * 2, attention.BytesRead);
        Assert.Equal(589_824, attention.BytesWritten);
        Assert.Equal(2 * 589_824, attention.Flops);
        var ffn = Op(ops, OperatorKind.FfnActivationQuant);
        Assert.Equal(753_664 * 2, ffn.BytesRead);
        Assert.Equal(753_664, ffn.BytesWritten);
    }

    [Fact]
    public void Fp8_block_quantisation_writes_one_fp32_scale_per_128_elements_before_every_deepseek_gemm_input()
    {
        // Attention, T = 8: hidden 7168 (q_a and kv_a) + q_lora 1536 (q_b) + 128 heads · 128 (o_proj) = 25,088 per token
        // → 200,704 elements: read 401,408 B (BF16), write 200,704 · (1 + 4/128) = 206,976 B.
        var ops = DeepSeekMoeLayer(8, [8, 0, 0, 0, 0, 0, 0, 0]);
        var attention = Op(ops, OperatorKind.AttentionActivationQuant);
        Assert.Equal(401_408, attention.BytesRead);
        Assert.Equal(206_976, attention.BytesWritten, 6);
        Assert.Equal(401_408, attention.Flops);

        // Token side of the MoE block: shared expert inputs 7168 + 2048 and the FP8 dispatch payload 7168 per token
        // → 8 · 16,384 = 131,072 elements: read 262,144 B, write 131,072 · 1.03125 = 135,168 B.
        var ffn = Op(ops, OperatorKind.FfnActivationQuant);
        Assert.Equal(262_144, ffn.BytesRead);
        Assert.Equal(131_072 * Fp8WithScale, ffn.BytesWritten, 6);
    }

    [Fact]
    public void Gate_reads_every_fp32_router_logit_and_writes_topk_indices_and_weights()
    {
        // T = 8, 256 experts: reads 8 · 256 · 4 = 8,192 B; writes 8 · 8 · (4 + 4) = 512 B; 4 FLOPs per logit.
        var ops = DeepSeekMoeLayer(8, [8, 0, 0, 0, 0, 0, 0, 0]);
        var gate = Op(ops, OperatorKind.MoeGate);
        Assert.Equal(8_192, gate.BytesRead);
        Assert.Equal(512, gate.BytesWritten);
        Assert.Equal(8_192, gate.Flops);
        // The router GEMM now ends at its FP32 logits.
        Assert.Equal(8_192, Op(ops, OperatorKind.Router).BytesWritten);
    }

    [Fact]
    public void Permute_unpermute_and_expert_quantisation_move_the_routed_copies_on_the_expert_rank()
    {
        // 8 copies received (counts 5 and 3). Permute moves each FP8 copy with its scales: 8 · 7168 · 1.03125 = 59,136 B
        // read and written. The down projection's input, 8 · 2048 = 16,384 elements, is quantised (the up input arrived
        // in FP8): read 32,768 B, write 16,896 B. Unpermute reads and writes 8 · 7168 BF16 = 114,688 B and scales each
        // element by its gate weight (57,344 FLOPs).
        var ops = DeepSeekMoeLayer(0, [5, 0, 3, 0, 0, 0, 0, 0]);
        var permute = Op(ops, OperatorKind.MoePermute);
        Assert.Equal(59_136, permute.BytesRead, 6);
        Assert.Equal(59_136, permute.BytesWritten, 6);
        var quant = Op(ops, OperatorKind.ExpertActivationQuant);
        Assert.Equal(32_768, quant.BytesRead);
        Assert.Equal(16_896, quant.BytesWritten, 6);
        var unpermute = Op(ops, OperatorKind.MoeUnpermute);
        Assert.Equal(114_688, unpermute.BytesRead);
        Assert.Equal(114_688, unpermute.BytesWritten);
        Assert.Equal(57_344, unpermute.Flops);
    }

    [Fact]
    public void Sampling_reads_the_whole_vocabulary_twice_and_writes_it_once_per_sampled_token()
    {
        // DeepSeek-V3, 8 decode tokens: softmax reads 8 · 129,280 FP32 logits and writes the probabilities, the draw reads
        // them again: read 2 · 8 · 129,280 · 4 = 8,273,920 B, write 4,136,960 B, 5 FLOPs per entry = 5,171,200.
        var costs = new OperatorCostModel(Catalog.Load("deepseek-v3"), new ParallelPlan(AttentionDataParallel: 32, ExpertParallel: 32));
        var buffer = new OperatorCost[OperatorCostModel.MaxOperatorsPerLayer];
        var n = costs.WriteStepEnd(BatchShape.UniformDecode(8, Context, 0), buffer);
        var sampling = Op(buffer[..n], OperatorKind.Sampling);
        Assert.Equal(8_273_920, sampling.BytesRead);
        Assert.Equal(4_136_960, sampling.BytesWritten);
        Assert.Equal(5_171_200, sampling.Flops);

        // Llama-3-70B, 64 tokens over 128,256 entries: read 2 · 64 · 128,256 · 4 = 65,667,072 B.
        var llama = new OperatorCostModel(Catalog.Load("llama-3-70b"), new ParallelPlan(AttentionTensorParallel: 8));
        n = llama.WriteStepEnd(BatchShape.UniformDecode(64, Context, 0), buffer);
        Assert.Equal(65_667_072, Op(buffer[..n], OperatorKind.Sampling).BytesRead);
    }

    [Fact]
    public void Every_new_operator_has_a_display_name()
    {
        OperatorKind[] added =
        [
            OperatorKind.Rope, OperatorKind.AttentionActivationQuant, OperatorKind.AttentionResidualAdd, OperatorKind.FfnActivationQuant,
            OperatorKind.FfnResidualAdd, OperatorKind.MoeGate, OperatorKind.MoePermute, OperatorKind.ExpertActivationQuant,
            OperatorKind.MoeUnpermute, OperatorKind.Sampling,
        ];
        Assert.Equal(
            ["rope", "attention_activation_quant", "attention_residual_add", "ffn_activation_quant", "ffn_residual_add", "moe_gate", "moe_permute", "expert_activation_quant", "moe_unpermute", "sampling"],
            added.Select(k => k.Name()).ToArray());
    }
}
