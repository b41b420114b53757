using ClusterSim.Hardware;
using ClusterSim.Models;
using ClusterSim.Planning;
using ClusterSim.Scenarios;

namespace ClusterSim.Tests.Models;

/// <summary>Block-scaled weight formats: bytes from their definitions, names, and how scenarios select them.</summary>
public sealed class WeightFormatTests
{
    [Fact]
    public void Fp8_in_128x128_blocks_adds_one_fp32_scale_per_16384_weights()
    {
        // DeepSeek-V3 report §3.3.2: weights scaled per 128×128 block; the checkpoint stores one FP32 scale_inv per block.
        Assert.Equal(1 + (4.0 / (128 * 128)), WeightFormat.Fp8Block128.BytesPerElement(), 15);
        Assert.Equal(1.000244140625, WeightFormat.Fp8Block128.BytesPerElement(), 15);
        Assert.Equal(DataType.Fp8, WeightFormat.Fp8Block128.Type);
    }

    [Fact]
    public void Nvfp4_adds_one_e4m3_byte_per_16_weights()
    {
        // NVFP4: 4-bit E2M1 elements, one FP8 E4M3 scale per 16 (the FP32 per-tensor scale is not counted).
        Assert.Equal(0.5 + (1.0 / 16), WeightFormat.Nvfp4.BytesPerElement(), 15);
        Assert.Equal(0.5625, WeightFormat.Nvfp4.BytesPerElement(), 15);
        Assert.Equal(DataType.Fp4, WeightFormat.Nvfp4.Type);
    }

    [Fact]
    public void Mxfp4_adds_one_e8m0_byte_per_32_weights()
    {
        // OCP Microscaling v1.0: block of k = 32 E2M1 elements sharing one 8-bit E8M0 scale.
        Assert.Equal(0.5 + (1.0 / 32), WeightFormat.Mxfp4.BytesPerElement(), 15);
        Assert.Equal(0.53125, WeightFormat.Mxfp4.BytesPerElement(), 15);
    }

    [Fact]
    public void Plain_formats_carry_no_scale_bytes()
    {
        Assert.Equal(2, WeightFormat.Plain(DataType.Bf16).BytesPerElement());
        Assert.Equal(1, WeightFormat.Fp8PerTensor.BytesPerElement());
    }

    [Theory]
    [InlineData("fp8", "fp8_block128")]
    [InlineData("FP8_E4M3", "fp8_block128")]
    [InlineData("fp8_per_tensor", "fp8_per_tensor")]
    [InlineData("fp4", "nvfp4")]
    [InlineData("nvfp4", "nvfp4")]
    [InlineData("mxfp4", "mxfp4")]
    [InlineData("bfloat16", "bf16")]
    public void Scenario_names_select_a_format(string text, string name)
    {
        Assert.True(WeightFormat.TryParse(text, out var format));
        Assert.Equal(name, format.Name);
    }

    [Fact]
    public void Unknown_name_is_rejected()
    {
        Assert.False(WeightFormat.TryParse("int4", out _));
        Assert.False(WeightFormat.TryParse("fp8_e5m2", out _));
    }

    [Fact]
    public void A_checkpoints_weight_block_size_sets_the_fp8_block()
    {
        Assert.Equal(WeightFormat.Fp8Block128, WeightFormat.Fp8Blocks(128, 128));
        var rows = WeightFormat.Fp8Blocks(1, 128);
        Assert.Equal(1 + (4.0 / 128), rows.BytesPerElement(), 15);
        Assert.Equal("fp8_block1x128", rows.Name);
    }

    [Fact]
    public void Weights_alone_sets_attention_dense_and_experts()
    {
        var model = ModelPrecision.FromQuantization(DataType.Bf16, "fp8", WeightFormat.Fp8Block128);
        var p = Precisions.Apply(model, new PrecisionOverrides(Weights: WeightFormat.Plain(DataType.Bf16)));
        var bf16 = WeightFormat.Plain(DataType.Bf16);
        Assert.Equal(bf16, p.AttentionWeights);
        Assert.Equal(bf16, p.DenseWeights);
        Assert.Equal(bf16, p.ExpertWeights);
        Assert.Equal(DataType.Fp8, p.Dispatch); // not a weight: untouched
    }

    [Fact]
    public void Expert_weights_alone_changes_only_routed_experts()
    {
        var model = ModelPrecision.FromQuantization(DataType.Bf16, "fp8", WeightFormat.Fp8Block128);
        var p = Precisions.Apply(model, new PrecisionOverrides(ExpertWeights: WeightFormat.Nvfp4));
        Assert.Equal(WeightFormat.Fp8Block128, p.AttentionWeights);
        Assert.Equal(WeightFormat.Fp8Block128, p.DenseWeights);
        Assert.Equal(WeightFormat.Nvfp4, p.ExpertWeights);
    }

    [Fact]
    public void A_kind_of_its_own_wins_over_weights()
    {
        var p = Precisions.Apply(
            ModelPrecision.Uniform(DataType.Bf16),
            new PrecisionOverrides(Weights: WeightFormat.Fp8Block128, ExpertWeights: WeightFormat.Mxfp4, DenseWeights: WeightFormat.Plain(DataType.Bf16)));
        Assert.Equal(WeightFormat.Fp8Block128, p.AttentionWeights);
        Assert.Equal(WeightFormat.Plain(DataType.Bf16), p.DenseWeights);
        Assert.Equal(WeightFormat.Mxfp4, p.ExpertWeights);
    }

    [Fact]
    public void WithOverride_weights_sets_all_three_and_expert_weights_one()
    {
        var all = ModelPrecision.Uniform(DataType.Bf16).WithOverride("weights", "fp8", "s.yaml", "model.precision.weights");
        Assert.Equal(WeightFormat.Fp8Block128, all.AttentionWeights);
        Assert.Equal(WeightFormat.Fp8Block128, all.DenseWeights);
        Assert.Equal(WeightFormat.Fp8Block128, all.ExpertWeights);
        var experts = all.WithOverride("expert_weights", "nvfp4", "s.yaml", "model.precision.expert_weights");
        Assert.Equal(WeightFormat.Fp8Block128, experts.AttentionWeights);
        Assert.Equal(WeightFormat.Nvfp4, experts.ExpertWeights);
    }

    [Fact]
    public void WithOverride_unknown_kind_and_weight_format_list_what_is_allowed()
    {
        var kind = Assert.Throws<ClusterSim.Input.InputException>(
            () => ModelPrecision.Uniform(DataType.Bf16).WithOverride("mlp_weights", "fp8", "s.yaml", "model.precision.mlp_weights"));
        Assert.Equal(
            "s.yaml: model.precision.mlp_weights: unknown tensor kind \"mlp_weights\"; allowed: weights, attention_weights, dense_weights, expert_weights, embedding_weights, kv_cache, activations, dispatch, combine",
            kind.Message);
        var format = Assert.Throws<ClusterSim.Input.InputException>(
            () => ModelPrecision.Uniform(DataType.Bf16).WithOverride("dense_weights", "int4", "s.yaml", "model.precision.dense_weights"));
        Assert.Contains("unknown weight format \"int4\"; allowed: fp32, bf16, fp16, fp8 (= fp8_block128)", format.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', format.Message);
    }
}
