using ClusterSim.Analysis;
using ClusterSim.Hardware;
using ClusterSim.Models;

namespace ClusterSim.Cli.Tests.Analyze;

/// <summary>The two analysis helpers added for the verb: operator bounds and the capacity of a planned instance.</summary>
public sealed class AnalysisAdditionsTests
{
    private static readonly Lazy<ModelCatalog> Models = new(() => ModelCatalog.Of(ClusterSim.Tests.TestCatalog.Repository));
    private static readonly Lazy<HardwareCatalog> Hardware = new(() => HardwareCatalog.Of(ClusterSim.Tests.TestCatalog.Repository));

    [Fact]
    public void ComputeTypeOn_widens_a_format_the_chip_lacks_to_the_nearest_it_has()
    {
        var h200 = Hardware.Value.Load("h200");
        var b200 = Hardware.Value.Load("b200");
        var a100 = Hardware.Value.Load("a100");

        Assert.Equal(DataType.Fp8, OperatorRoofline.ComputeTypeOn(h200, DataType.Fp4));
        Assert.Equal(DataType.Fp4, OperatorRoofline.ComputeTypeOn(b200, DataType.Fp4));
        Assert.Equal(DataType.Bf16, OperatorRoofline.ComputeTypeOn(a100, DataType.Fp8));
    }

    [Fact]
    public void Operator_bounds_of_llama_decode_at_one_request_are_all_memory_bound_on_h200()
    {
        var llama = Models.Value.Load("llama-3-70b");
        var roofline = new RooflineModel(Hardware.Value.Load("h200"));

        var rows = DecodeOperatorBounds.Of(llama, new ParallelPlan(AttentionTensorParallel: 8), roofline, 1, 4096);

        // One request: every GEMM reads d·n weights for 2·d·n FLOPs, about 1 FLOP/byte in BF16, far below 206.15.
        var computed = rows.Where(r => r.Bound is not null).ToArray();
        Assert.All(computed, r => Assert.Equal(RooflineBound.Memory, r.Bound));
        Assert.All(computed, r => Assert.Equal(989.5e12 / 4.8e12, r.RidgePoint, 1e-9));
        // The all-reduces of TP 8 cross links and carry no verdict.
        Assert.Equal(2, rows.Count(r => r.Bound is null));
        Assert.Single(rows, r => r.IsStepLevel && r.Kind == OperatorKind.LmHead);
    }

    [Fact]
    public void KvReplicas_is_the_tp_degree_for_mla_and_the_heads_short_of_tp_for_gqa()
    {
        var deepseek = Models.Value.Load("deepseek-v3");
        var llama = Models.Value.Load("llama-3-70b");

        Assert.Equal(8, DeploymentCapacity.KvReplicas(deepseek, 8));
        Assert.Equal(1, DeploymentCapacity.KvReplicas(llama, 8));
        // 8 KV heads over 16 ranks: every head is held twice.
        Assert.Equal(2, DeploymentCapacity.KvReplicas(llama, 16));
    }

    [Fact]
    public void Instance_with_two_ep_groups_holds_every_routed_expert_twice()
    {
        var deepseek = Models.Value.Load("deepseek-v3");

        var oneGroup = DeploymentCapacity.Of(deepseek, 141e9, 16, new ParallelPlan(1, 16, 16), 4096);
        var twoGroups = DeploymentCapacity.Of(deepseek, 141e9, 16, new ParallelPlan(1, 16, 8), 4096);

        // One FP8 expert: 3 · 7,168 · 2,048 = 44,040,192 weights of 1 + 4/16384 bytes (one FP32 scale per 128×128
        // block); a second copy of all 256 in 58 MoE layers: 58 · 256 · 44,040,192 · (1 + 4/16384) = 654,068,416,512 bytes.
        Assert.Equal(2, twoGroups.ExpertGroups);
        Assert.Equal(58.0 * 256 * 44_040_192 * (1 + (4.0 / 16384)), twoGroups.Capacity.WeightBytes - oneGroup.Capacity.WeightBytes, 1);
        Assert.True(twoGroups.Capacity.MaxBatch < oneGroup.Capacity.MaxBatch);
    }

    [Fact]
    public void Attention_tp_multiplies_the_mla_cache_of_a_request()
    {
        var deepseek = Models.Value.Load("deepseek-v3");

        var dp = DeploymentCapacity.Of(deepseek, 141e9, 8, new ParallelPlan(1, 8, 8), 4096);
        var tp = DeploymentCapacity.Of(deepseek, 141e9, 8, new ParallelPlan(8, 1, 8), 4096);

        // 70,272 bytes per token · 4,096 tokens = 287,834,112 bytes per request, kept on all 8 TP ranks.
        Assert.Equal(287_834_112, dp.Capacity.KvBytesPerRequest, 1);
        Assert.Equal(8 * 287_834_112.0, tp.Capacity.KvBytesPerRequest, 1);
        // B_cap = (8 · 141e9 − weights) / (8 · 287,834,112 + 129,024 activation bytes).
        var expected = Math.Floor(((8 * 141e9) - tp.Capacity.WeightBytes) / ((8 * 287_834_112.0) + 129_024));
        Assert.Equal(expected, tp.Capacity.MaxBatch);
    }
}
