using ClusterSim.Hardware;
using ClusterSim.Models;
using ClusterSim.Scenarios;
using ClusterSim.Input;

namespace ClusterSim.Tests.Models;

public sealed class ModelConfigReaderTests
{
    [Fact]
    public void Catalog_lists_the_eight_models_and_the_deepseek_r1_alias()
    {
        Assert.Equal(
            ["deepseek-r1", "deepseek-v3", "gpt-3-175b", "gpt-oss-120b", "kimi-k2", "llama-2-70b", "llama-3-70b", "mixtral-8x7b", "qwen3-235b-a22b"],
            Catalog.Value.Names());
    }

    [Fact]
    public void Parse_deepseek_v3_reads_mla_moe_and_fp8()
    {
        var m = Catalog.Load("deepseek-v3");
        Assert.Equal(AttentionKind.MultiHeadLatent, m.Attention);
        Assert.Equal(new MlaDimensions(1536, 512, 128, 64, 128), m.Mla);
        Assert.Equal(new MoeConfig(256, 8, 1, 2048, 8, 4), m.Moe);
        Assert.Equal(new LayerCounts(3, 0, 58, 0), m.LayerCounts);
        Assert.Equal(1, m.MtpLayers);
        Assert.Equal(129280, m.VocabSize);
        Assert.False(m.TieWordEmbeddings);
        Assert.Equal(FfnKind.Gated, m.Ffn);
        // quant_method fp8 with weight_block_size [128, 128]: every quantised matrix in 128×128-block FP8.
        Assert.Equal(WeightFormat.Fp8Block128, m.Precision.AttentionWeights);
        Assert.Equal(WeightFormat.Fp8Block128, m.Precision.DenseWeights);
        Assert.Equal(WeightFormat.Fp8Block128, m.Precision.ExpertWeights);
        Assert.Equal(DataType.Bf16, m.Precision.KvCache);
        Assert.Equal(DataType.Bf16, m.Precision.EmbeddingWeights);
    }

    [Fact]
    public void Parse_kimi_k2_has_one_dense_layer_and_384_experts()
    {
        var m = Catalog.Load("kimi-k2");
        Assert.Equal(AttentionKind.MultiHeadLatent, m.Attention);
        Assert.Equal(64, m.AttentionHeads);
        Assert.Equal(new MoeConfig(384, 8, 1, 2048, 1, 1), m.Moe);
        Assert.Equal(new LayerCounts(1, 0, 60, 0), m.LayerCounts);
        Assert.Equal(0, m.MtpLayers);
    }

    [Fact]
    public void Parse_llama_3_70b_is_dense_gqa_with_group_8()
    {
        var m = Catalog.Load("llama-3-70b");
        Assert.Equal(AttentionKind.GroupedQuery, m.Attention);
        Assert.Equal(8, m.QueryGroupSize);
        Assert.Equal(128, m.HeadDim); // 8192 / 64, no head_dim key in the file
        Assert.Null(m.Moe);
        Assert.Equal(new LayerCounts(80, 0, 0, 0), m.LayerCounts);
        Assert.Equal(WeightFormat.Plain(DataType.Bf16), m.Precision.AttentionWeights);
    }

    [Fact]
    public void Parse_llama_2_70b_has_the_published_dimensions()
    {
        // meta-llama/Llama-2-70b-hf config.json: 8192 hidden, 80 layers, 64 heads over 8 KV heads, 28672 FFN, 32000 vocab.
        var m = Catalog.Load("llama-2-70b");
        Assert.Equal((8192, 80, 64, 8, 28672, 32000), (m.HiddenSize, m.Layers, m.AttentionHeads, m.KeyValueHeads, m.IntermediateSize, m.VocabSize));
        Assert.Equal(AttentionKind.GroupedQuery, m.Attention);
        Assert.Equal(128, m.HeadDim); // 8192 / 64
        Assert.Null(m.Moe);
        Assert.Equal(4096, m.MaxPositionEmbeddings);
        Assert.False(m.TieWordEmbeddings);
    }

    [Fact]
    public void Parse_qwen3_reads_num_experts_dialect_and_mlp_only_layers()
    {
        var m = Catalog.Load("qwen3-235b-a22b");
        Assert.Equal(AttentionKind.GroupedQuery, m.Attention);
        Assert.Equal(new MoeConfig(128, 8, 0, 1536, 1, 1), m.Moe);
        Assert.Equal(new LayerCounts(0, 0, 94, 0), m.LayerCounts);
        Assert.Equal(0, m.SlidingWindow); // use_sliding_window false, sliding_window null
    }

    [Fact]
    public void Parse_mixtral_reads_num_local_experts_and_falls_back_to_intermediate_size()
    {
        var m = Catalog.Load("mixtral-8x7b");
        Assert.Equal(new MoeConfig(8, 2, 0, 14336, 1, 1), m.Moe);
        Assert.Equal(new LayerCounts(0, 0, 32, 0), m.LayerCounts);
        Assert.Equal(AttentionKind.GroupedQuery, m.Attention);
    }

    [Fact]
    public void Parse_gpt_oss_reads_experts_per_token_layer_types_and_mxfp4()
    {
        var m = Catalog.Load("gpt-oss-120b");
        Assert.Equal(new MoeConfig(128, 4, 0, 2880, 1, 1), m.Moe);
        Assert.Equal(new LayerCounts(0, 0, 18, 18), m.LayerCounts);
        Assert.Equal(LayerKind.MoeSliding, m.LayerKinds[0]);
        Assert.Equal(LayerKind.MoeFull, m.LayerKinds[1]);
        Assert.Equal(128, m.SlidingWindow);
        Assert.Equal(64, m.HeadDim);
        Assert.Equal(WeightFormat.Mxfp4, m.Precision.ExpertWeights);
        Assert.Equal(WeightFormat.Plain(DataType.Bf16), m.Precision.AttentionWeights);
        Assert.Equal(WeightFormat.Plain(DataType.Bf16), m.Precision.DenseWeights);
    }

    [Fact]
    public void Parse_gpt3_reads_gpt2_keys_as_plain_mha()
    {
        var m = Catalog.Load("gpt-3-175b");
        Assert.Equal(AttentionKind.MultiHead, m.Attention);
        Assert.Equal(12288, m.HiddenSize);
        Assert.Equal(96, m.Layers);
        Assert.Equal(128, m.HeadDim);
        Assert.Equal(49152, m.IntermediateSize);
        Assert.Equal(FfnKind.Plain, m.Ffn);
        Assert.Equal(50257, m.VocabSize);
        Assert.True(m.TieWordEmbeddings);
        Assert.Equal(2048, m.LearnedPositions);
        Assert.Equal(new LayerCounts(96, 0, 0, 0), m.LayerCounts);
    }

    [Fact]
    public void Parse_moe_layer_freq_two_makes_every_other_layer_moe()
    {
        var m = Parse("""{"hidden_size":64,"num_hidden_layers":6,"num_attention_heads":4,"intermediate_size":128,"vocab_size":10,"n_routed_experts":8,"num_experts_per_tok":2,"first_k_dense_replace":1,"moe_layer_freq":2}""");
        // i >= 1 and i % 2 == 0: layers 2 and 4.
        Assert.Equal(new LayerCounts(4, 0, 2, 0), m.LayerCounts);
        Assert.Equal(LayerKind.MoeFull, m.LayerKinds[2]);
    }

    [Fact]
    public void Parse_qwen_sparse_step_and_mlp_only_layers_combine()
    {
        var m = Parse("""{"hidden_size":64,"num_hidden_layers":6,"num_attention_heads":4,"intermediate_size":128,"vocab_size":10,"num_experts":8,"num_experts_per_tok":2,"decoder_sparse_step":2,"mlp_only_layers":[3]}""");
        // (i + 1) % 2 == 0 gives 1, 3, 5; layer 3 is dense-only.
        Assert.Equal(new LayerCounts(4, 0, 2, 0), m.LayerCounts);
    }

    [Fact]
    public void Parse_missing_hidden_size_names_the_file_and_key()
    {
        var ex = Assert.Throws<InputException>(() => Parse("""{"num_hidden_layers":2,"num_attention_heads":4,"intermediate_size":8,"vocab_size":10}"""));
        Assert.Equal("x.json", ex.File);
        Assert.Equal("hidden_size", ex.KeyPath);
        Assert.Contains("n_embd", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_kv_heads_not_dividing_heads_is_rejected()
    {
        var ex = Assert.Throws<InputException>(() => Parse("""{"hidden_size":64,"num_hidden_layers":2,"num_attention_heads":6,"num_key_value_heads":4,"intermediate_size":8,"vocab_size":10}"""));
        Assert.Equal("num_key_value_heads", ex.KeyPath);
    }

    [Fact]
    public void Parse_string_where_integer_expected_is_rejected()
    {
        var ex = Assert.Throws<InputException>(() => Parse("""{"hidden_size":"big","num_hidden_layers":2,"num_attention_heads":4,"intermediate_size":8,"vocab_size":10}"""));
        Assert.Equal("hidden_size", ex.KeyPath);
        Assert.Contains("expected an integer", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_conflicting_top_k_aliases_are_rejected()
    {
        var ex = Assert.Throws<InputException>(() => Parse("""{"hidden_size":64,"num_hidden_layers":2,"num_attention_heads":4,"intermediate_size":8,"vocab_size":10,"num_local_experts":8,"num_experts_per_tok":2,"experts_per_token":4}"""));
        Assert.Equal("experts_per_token", ex.KeyPath);
    }

    [Fact]
    public void Parse_top_k_above_expert_count_is_rejected()
    {
        var ex = Assert.Throws<InputException>(() => Parse("""{"hidden_size":64,"num_hidden_layers":2,"num_attention_heads":4,"intermediate_size":8,"vocab_size":10,"num_experts":4,"num_experts_per_tok":5}"""));
        Assert.Equal("num_experts_per_tok", ex.KeyPath);
    }

    [Fact]
    public void Parse_unknown_quant_method_is_rejected_with_allowed_values()
    {
        var ex = Assert.Throws<InputException>(() => Parse("""{"hidden_size":64,"num_hidden_layers":2,"num_attention_heads":4,"intermediate_size":8,"vocab_size":10,"quantization_config":{"quant_method":"awq"}}"""));
        Assert.Equal("quantization_config.quant_method", ex.KeyPath);
        Assert.Contains("fp8", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_unknown_keys_are_harmless()
    {
        var m = Parse("""{"hidden_size":64,"num_hidden_layers":2,"num_attention_heads":4,"intermediate_size":8,"vocab_size":10,"made_up":{"x":[1,2]}}""");
        Assert.Equal(AttentionKind.MultiHead, m.Attention);
    }

    [Fact]
    public void Catalog_unknown_name_lists_the_known_models()
    {
        var ex = Assert.Throws<InputException>(() => Catalog.Value.Load("gpt-5"));
        Assert.Contains("deepseek-v3", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Catalog_deepseek_r1_shares_the_v3_config()
    {
        var r1 = Catalog.Value.Load("deepseek-r1");
        Assert.Equal("deepseek-r1", r1.Name);
        Assert.Equal(61, r1.Layers);
        Assert.Equal(AttentionKind.MultiHeadLatent, r1.Attention);
    }

    [Fact]
    public void Catalog_loads_by_path()
    {
        var path = Path.Combine(Catalog.Value.Directory, "llama-3-70b.json");
        Assert.Equal(80, Catalog.Value.Load(path).Layers);
    }

    private static ModelArchitecture Parse(string json) => ModelConfigReader.Parse("x.json", json, "x");
}
