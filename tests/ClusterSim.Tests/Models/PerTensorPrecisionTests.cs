using ClusterSim.Hardware;
using ClusterSim.Input;
using ClusterSim.Models;
using ClusterSim.Planning;
using ClusterSim.Scenarios;
using ClusterSim.Tests.Workloads;

namespace ClusterSim.Tests.Models;

/// <summary>Attention, dense and routed-expert weights each in their own format, in memory and in operator costs.</summary>
public sealed class PerTensorPrecisionTests
{
    private const double Fp8Block = 1 + (4.0 / 16384);
    private const double Nvfp4 = 0.5 + (1.0 / 16);

    // DeepSeek-R1-FP4 on Blackwell: routed experts NVFP4, attention and dense (with shared experts) FP8 in 128×128 blocks.
    private static ModelPrecision Fp4Experts(ModelArchitecture model) =>
        model.Precision with { AttentionWeights = WeightFormat.Fp8Block128, DenseWeights = WeightFormat.Fp8Block128, ExpertWeights = WeightFormat.Nvfp4 };

    [Fact]
    public void DeepSeek_v3_weights_per_rank_with_fp4_experts_and_fp8_attention_match_the_parameter_counts()
    {
        var model = Catalog.Load("deepseek-v3");
        var memory = new ModelMemory(model, Fp4Experts(model)).PerDevice(new ParallelPlan(AttentionTensorParallel: 1, AttentionDataParallel: 8, ExpertParallel: 8));

        // Parameters from config.json (d 7168, 128 heads, q_lora 1536, kv_lora 512, rope 64, nope 128, v 128).
        const double qDown = 7168.0 * 1536, qNorm = 1536, qUp = 1536.0 * 128 * 192;
        const double kvDown = 7168.0 * 576, kvNorm = 512, kvUp = 512.0 * 128 * 256, output = 128.0 * 128 * 7168;
        const double attentionPerLayer = qDown + qNorm + qUp + kvDown + kvNorm + kvUp + output; // 187,107,328
        const double normsPerLayer = 2 * 7168;
        const double expert = 3.0 * 7168 * 2048;   // gate, up, down: 44,040,192
        const double denseFfn = 3.0 * 7168 * 18432; // 396,361,728
        const double router = (7168.0 * 256) + 256;  // weights and correction bias, BF16
        const double vocab = 129280.0 * 7168;        // embedding, and again the untied LM head, BF16
        Assert.Equal(187_107_328, attentionPerLayer);

        // 61 layers (3 dense, 58 MoE); EP8 holds 256/8 = 32 experts of each MoE layer; TP1 replicates the rest.
        Assert.Equal(61 * (attentionPerLayer + normsPerLayer) * Fp8Block, memory.AttentionWeightBytes, 1e-6);
        Assert.Equal(3 * denseFfn * Fp8Block, memory.DenseFfnWeightBytes, 1e-6);
        Assert.Equal(58 * 32 * expert * Nvfp4, memory.RoutedExpertWeightBytes, 1e-6);
        Assert.Equal(58 * ((expert * Fp8Block) + (router * 2)), memory.SharedWeightBytes, 1e-6);
        Assert.Equal(2 * vocab * 2, memory.EmbeddingAndHeadBytes, 1e-6);

        // 65.06 GB per rank, of which the NVFP4 experts are 45.98 GB (40.87 GB of E2M1 elements, 5.11 GB of E4M3 scales).
        Assert.Equal(65.06e9, memory.WeightBytes, 0.005e9);
        Assert.Equal(45.98e9, memory.RoutedExpertWeightBytes, 0.005e9);
    }

    [Fact]
    public void Fp8_block_scales_add_one_part_in_4096_to_every_fp8_weight()
    {
        var model = Catalog.Load("deepseek-v3");
        var plan = new ParallelPlan(AttentionDataParallel: 8, ExpertParallel: 8);
        var blocks = new ModelMemory(model, model.Precision).PerDevice(plan);
        var bare = new ModelMemory(model, model.Precision.WithAllWeights(WeightFormat.Fp8PerTensor)).PerDevice(plan);
        Assert.Equal(bare.RoutedExpertWeightBytes * (1 + (1.0 / 4096)), blocks.RoutedExpertWeightBytes, 1e-3);
        Assert.Equal(bare.AttentionWeightBytes * (1 + (1.0 / 4096)), blocks.AttentionWeightBytes, 1e-3);
        Assert.Equal(bare.EmbeddingAndHeadBytes, blocks.EmbeddingAndHeadBytes); // BF16, unscaled
    }

    [Fact]
    public void Attention_gemms_use_the_attention_format_while_experts_and_shared_use_theirs()
    {
        var model = Catalog.Load("deepseek-v3");
        var precision = model.Precision with
        {
            AttentionWeights = WeightFormat.Fp8Block128,
            DenseWeights = WeightFormat.Plain(DataType.Bf16),
            ExpertWeights = WeightFormat.Nvfp4,
        };
        var costs = new OperatorCostModel(model, new ParallelPlan(AttentionDataParallel: 8, ExpertParallel: 8), precision);
        var shape = BatchShape.UniformDecode(64, 1024, model.SlidingWindow);
        var experts = new int[costs.ExpertsPerRank];
        experts[0] = 10; // one active expert with 10 tokens
        var ops = new OperatorCost[OperatorCostModel.MaxOperatorsPerLayer];
        var n = costs.WriteLayer(LayerKind.MoeFull, shape, experts, ops);
        var layer = ops.AsSpan(0, n).ToArray();

        // q_a (d × q_lora) over 64 tokens: FP8 tensor cores, weight bytes with FP32 block scales, BF16 activations in.
        var qDown = Assert.Single(layer, o => o.Kind == OperatorKind.MlaQDown);
        Assert.Equal(DataType.Fp8, qDown.ComputeType);
        Assert.Equal((7168.0 * 1536 * Fp8Block) + (64.0 * 7168 * 2), qDown.BytesRead, 1e-6);

        // Routed up (gate+up, 2f wide) of the one active expert: FP4 tensor cores, NVFP4 bytes.
        var up = Assert.Single(layer, o => o.Kind == OperatorKind.RoutedExpertsUp);
        Assert.Equal(DataType.Fp4, up.ComputeType);
        Assert.Equal((7168.0 * 4096 * Nvfp4) + (10.0 * 7168 * 2), up.BytesRead, 1e-6);

        // Shared expert follows the dense format (BF16 here).
        var shared = Assert.Single(layer, o => o.Kind == OperatorKind.SharedExpertUp);
        Assert.Equal(DataType.Bf16, shared.ComputeType);
        Assert.Equal((7168.0 * 4096 * 2) + (64.0 * 7168 * 2), shared.BytesRead, 1e-6);
    }

    [Fact]
    public void A_scenarios_expert_weights_key_sets_only_routed_experts()
    {
        var plan = Read(Scenario("{ weights: fp8, expert_weights: nvfp4 }")).Plan();
        Assert.Equal(WeightFormat.Fp8Block128, plan.Precision.AttentionWeights);
        Assert.Equal(WeightFormat.Fp8Block128, plan.Precision.DenseWeights);
        Assert.Equal(WeightFormat.Nvfp4, plan.Precision.ExpertWeights);
    }

    [Fact]
    public void A_scenarios_weights_key_alone_sets_all_three()
    {
        // BF16 DeepSeek-V3 does not fit 8 H200s, so apply the overrides without planning the deployment.
        var model = Catalog.Load("deepseek-v3");
        var precision = Precisions.Apply(model.Precision, Read(Scenario("{ weights: bf16 }")).Model.Precision);
        var bf16 = WeightFormat.Plain(DataType.Bf16);
        Assert.Equal(bf16, precision.AttentionWeights);
        Assert.Equal(bf16, precision.DenseWeights);
        Assert.Equal(bf16, precision.ExpertWeights);
    }

    [Fact]
    public void An_unknown_precision_key_is_a_one_line_error_listing_the_keys()
    {
        var error = Assert.Throws<InputException>(() => Read(Scenario("{ expert_weight: nvfp4 }"))).Message;
        Assert.Equal(
            "s.yaml: model.precision.expert_weight: unknown key 'expert_weight'; did you mean 'expert_weights'? allowed keys: weights, attention_weights, dense_weights, expert_weights, kv_cache, activations, dispatch, combine",
            error);
    }

    [Fact]
    public void An_unknown_weight_format_is_a_one_line_error_listing_the_formats()
    {
        var error = Assert.Throws<InputException>(() => Read(Scenario("{ attention_weights: int4 }"))).Message;
        Assert.Equal(
            "s.yaml: model.precision.attention_weights: 'int4' is not a weight format; allowed: fp32, bf16, fp16, fp8 (= fp8_block128), fp8_block128, fp8_per_tensor, fp4 (= nvfp4), nvfp4, mxfp4",
            error);
    }

    private static Scenario Read(string text) =>
        ScenarioReader.Parse("s.yaml", text, Path.Combine(WorkloadTestFiles.RepoRoot, "scenarios"), []);

    private static string Scenario(string precision) => $"""
        name: t
        model:
          config: deepseek-v3
          precision: {precision}
        hardware: h200
        cluster:
          nodes: 1
          accelerators_per_node: 8
        deployment:
          mode: colocated
          serving:
            accelerators_per_instance: 8
            attention: {"{"} tp: 1, dp: 8 {"}"}
            experts: {"{"} ep: 8 {"}"}
        workload:
          rate_per_s: 2
          input_tokens: 1000
          output_tokens: 100
          duration: 10 s
        """;
}
