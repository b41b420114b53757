using System.Collections.Immutable;
using System.Text.Json;
using ClusterSim.Hardware;
using ClusterSim.Input;

namespace ClusterSim.Models;

/// <summary>Reads a Hugging Face config.json into a <see cref="ModelArchitecture"/>, normalising the dialects.</summary>
public static partial class ModelConfigReader
{
    // Families whose MLP is two matrices with GELU rather than a gated three-matrix SwiGLU.
    private static readonly FrozenModelTypes PlainMlpTypes = new("gpt2", "gpt_bigcode", "gpt_neox", "gptj", "opt", "bloom");

    /// <summary>Reads and parses a config file; <paramref name="name"/> defaults to the file name without extension.</summary>
    public static ModelArchitecture ReadFile(string path, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (IOException ex)
        {
            throw new InputException(path, string.Empty, $"cannot read the model config ({ex.Message})", ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new InputException(path, string.Empty, $"cannot read the model config ({ex.Message})", ex);
        }

        return Parse(path, text, name ?? Path.GetFileNameWithoutExtension(path));
    }

    /// <summary>Parses config.json text; <paramref name="file"/> names the source in error messages.</summary>
    public static ModelArchitecture Parse(string file, string json, string name)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException ex)
        {
            throw new InputException(file, string.Empty, $"not valid JSON ({ex.Message})", ex);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new InputException(file, string.Empty, "expected a JSON object at the top level");
            }

            return Build(new ConfigJson(file, document.RootElement), name);
        }
    }

    private static ModelArchitecture Build(ConfigJson config, string name)
    {
        var modelType = config.OptionalString("model_type") ?? "unknown";
        var gpt2Style = PlainMlpTypes.Contains(modelType);
        var hidden = config.RequiredInt("hidden_size", "n_embd", "d_model");
        var layers = config.RequiredInt("num_hidden_layers", "n_layer", "num_layers");
        var heads = config.RequiredInt("num_attention_heads", "n_head");
        var kvHeads = config.OptionalInt("num_key_value_heads", "num_kv_heads") ?? heads;
        if (kvHeads == 0 || heads % kvHeads != 0)
        {
            throw config.Error("num_key_value_heads", $"{kvHeads} does not divide num_attention_heads {heads}; allowed: a positive divisor");
        }

        var mla = ReadMla(config);
        int headDim;
        if (mla is not null)
        {
            headDim = mla.VHeadDim;
            kvHeads = heads;
        }
        else if (config.OptionalInt("head_dim") is { } explicitHeadDim and > 0)
        {
            headDim = explicitHeadDim;
        }
        else if (hidden % heads != 0)
        {
            throw config.Error("head_dim", $"missing, and hidden size {hidden} is not divisible by {heads} heads; give head_dim");
        }
        else
        {
            headDim = hidden / heads;
        }

        var attention = mla is not null ? AttentionKind.MultiHeadLatent
            : kvHeads == heads ? AttentionKind.MultiHead
            : AttentionKind.GroupedQuery;

        var intermediate = config.OptionalInt("intermediate_size", "n_inner", "ffn_dim") ?? (gpt2Style ? 4 * hidden : 0);
        if (intermediate == 0)
        {
            throw config.Error("intermediate_size", "missing or 0; allowed: a positive integer");
        }

        var moe = ReadMoe(config, intermediate);
        var slidingWindow = config.OptionalInt("sliding_window") ?? 0;
        var kinds = ReadLayerKinds(config, layers, moe is not null, ref slidingWindow);
        var vocab = config.RequiredInt("vocab_size");
        var tie = config.OptionalBool("tie_word_embeddings", gpt2Style);
        var precision = ReadPrecision(config);

        return new ModelArchitecture
        {
            Name = name,
            ModelType = modelType,
            HiddenSize = hidden,
            Layers = layers,
            AttentionHeads = heads,
            KeyValueHeads = kvHeads,
            HeadDim = headDim,
            Attention = attention,
            Mla = mla,
            IntermediateSize = intermediate,
            Ffn = gpt2Style ? FfnKind.Plain : FfnKind.Gated,
            Moe = moe,
            VocabSize = vocab,
            TieWordEmbeddings = tie,
            LearnedPositions = gpt2Style ? config.OptionalInt("n_positions", "max_position_embeddings") ?? 0 : 0,
            SlidingWindow = slidingWindow,
            MtpLayers = config.OptionalInt("num_nextn_predict_layers") ?? 0,
            AttentionBias = gpt2Style || config.OptionalBool("attention_bias", false),
            MlpBias = gpt2Style || modelType == "gpt_oss" || config.OptionalBool("mlp_bias", false),
            LayerNormWithBias = gpt2Style,
            MaxPositionEmbeddings = config.OptionalInt("max_position_embeddings", "n_positions", "n_ctx") ?? 0,
            Precision = precision,
            LayerKinds = kinds,
        };
    }

    private static MlaDimensions? ReadMla(ConfigJson config)
    {
        if (config.OptionalInt("kv_lora_rank") is not { } kvLoraRank)
        {
            return null;
        }

        if (kvLoraRank == 0)
        {
            throw config.Error("kv_lora_rank", "must be positive for multi-head latent attention");
        }

        return new MlaDimensions(
            config.OptionalInt("q_lora_rank") ?? 0,
            kvLoraRank,
            config.RequiredInt("qk_nope_head_dim"),
            config.RequiredInt("qk_rope_head_dim"),
            config.RequiredInt("v_head_dim"));
    }

    private static MoeConfig? ReadMoe(ConfigJson config, int intermediate)
    {
        var experts = config.OptionalInt("n_routed_experts", "num_experts", "num_local_experts") ?? 0;
        if (experts == 0)
        {
            return null;
        }

        var topK = config.OptionalInt("num_experts_per_tok");
        var topKAlias = config.OptionalInt("experts_per_token");
        if (topK is { } a && topKAlias is { } b && a != b)
        {
            throw config.Error("experts_per_token", $"{b} disagrees with num_experts_per_tok {a}; give one value");
        }

        var k = topK ?? topKAlias ?? throw config.Error("num_experts_per_tok", "missing for a mixture-of-experts model (accepted names: num_experts_per_tok, experts_per_token)");
        if (k == 0 || k > experts)
        {
            throw config.Error("num_experts_per_tok", $"{k} must be between 1 and the {experts} routed experts");
        }

        var groups = config.OptionalInt("n_group") ?? 1;
        var groupsPerToken = config.OptionalInt("topk_group") ?? 1;
        if (groups == 0 || experts % groups != 0)
        {
            throw config.Error("n_group", $"{groups} does not divide the {experts} routed experts");
        }

        if (groupsPerToken == 0 || groupsPerToken > groups)
        {
            throw config.Error("topk_group", $"{groupsPerToken} must be between 1 and n_group {groups}");
        }

        var expertIntermediate = config.OptionalInt("moe_intermediate_size") ?? intermediate;
        if (expertIntermediate == 0)
        {
            throw config.Error("moe_intermediate_size", "must be positive");
        }

        return new MoeConfig(experts, k, config.OptionalInt("n_shared_experts") ?? 0, expertIntermediate, groups, groupsPerToken);
    }

    private static ModelPrecision ReadPrecision(ConfigJson config)
    {
        var baseType = DataType.Bf16;
        if (config.OptionalString("torch_dtype", "dtype") is { } dtype && !DataTypes.TryParse(dtype, out baseType))
        {
            throw config.Error("torch_dtype", $"\"{dtype}\" is not a known type; allowed: bfloat16, float16, float32");
        }

        string? method = null;
        if (config.TryFind(out _, out var quantization, "quantization_config"))
        {
            if (quantization.ValueKind != JsonValueKind.Object)
            {
                throw config.Error("quantization_config", $"expected an object, found {ConfigJson.Describe(quantization)}");
            }

            method = quantization.TryGetProperty("quant_method", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
            if (method is not ("fp8" or "mxfp4" or "nvfp4" or "fp4"))
            {
                throw config.Error("quantization_config.quant_method", $"\"{method}\" is not modelled; allowed: fp8, mxfp4, nvfp4 (or remove quantization_config and set precision in the scenario)");
            }
        }

        return ModelPrecision.FromQuantization(baseType, method, method == "fp8" ? Fp8WeightFormat(config, quantization) : null);
    }

    // DeepSeek-V3's checkpoint gives "weight_block_size": [128, 128], one FP32 scale per block; without it the FP8
    // checkpoint is taken as per-tensor scaled (scale bytes negligible).
    private static WeightFormat Fp8WeightFormat(ConfigJson config, JsonElement quantization)
    {
        if (!quantization.TryGetProperty("weight_block_size", out var block) || block.ValueKind == JsonValueKind.Null)
        {
            return WeightFormat.Fp8PerTensor;
        }

        const string key = "quantization_config.weight_block_size";
        if (block.ValueKind != JsonValueKind.Array || block.GetArrayLength() != 2)
        {
            throw config.Error(key, $"expected two block dimensions such as [128, 128], found {ConfigJson.Describe(block)}");
        }

        return WeightFormat.Fp8Blocks(config.ToPositiveInt(key, block[0]), config.ToPositiveInt(key, block[1]));
    }

    /// <summary>A tiny fixed set of model_type names (avoids a static mutable collection).</summary>
    private sealed class FrozenModelTypes(params string[] names)
    {
        public bool Contains(string name) => Array.IndexOf(names, name) >= 0;
    }
}
