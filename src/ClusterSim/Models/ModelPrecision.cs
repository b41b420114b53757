using ClusterSim.Hardware;
using ClusterSim.Input;

namespace ClusterSim.Models;

/// <summary>Numeric format of each kind of tensor a model moves.</summary>
/// <remarks>
/// Defaults come from the config's <c>quantization_config</c> (see <see cref="FromQuantization"/>); a scenario
/// may override any field with <c>with</c>. Embeddings, LM head and router stay in <see cref="EmbeddingWeights"/>
/// because the published FP8 and MXFP4 checkpoints leave them unquantised; norm weights (a few MB) are counted with
/// <see cref="AttentionWeights"/>. Weight
/// formats carry their block scales (<see cref="WeightFormat"/>); KV cache, activations and the all-to-all payloads
/// are plain element types (docs/modeling.md says why).
/// </remarks>
/// <param name="AttentionWeights">Attention projections (QKV, MLA down/up/absorb/value-up, output) and MTP's eh_proj.</param>
/// <param name="DenseWeights">Dense feed-forward and shared-expert weights.</param>
/// <param name="ExpertWeights">Routed-expert weights.</param>
/// <param name="EmbeddingWeights">Token embedding, LM head and router weights.</param>
/// <param name="KvCache">Cached keys and values (or MLA latents).</param>
/// <param name="Activations">Activations between operators.</param>
/// <param name="Dispatch">Token payload sent to experts (all-to-all dispatch).</param>
/// <param name="Combine">Expert outputs sent back (all-to-all combine).</param>
public sealed record ModelPrecision(
    WeightFormat AttentionWeights,
    WeightFormat DenseWeights,
    WeightFormat ExpertWeights,
    DataType EmbeddingWeights,
    DataType KvCache,
    DataType Activations,
    DataType Dispatch,
    DataType Combine)
{
    /// <summary>Everything in one unscaled format (BF16 for an unquantised checkpoint).</summary>
    public static ModelPrecision Uniform(DataType type)
    {
        var weights = WeightFormat.Plain(type);
        return new(weights, weights, weights, type, type, type, type, type);
    }

    /// <summary>
    /// Defaults for a checkpoint: <paramref name="baseType"/> (from torch_dtype) everywhere, then FP8
    /// quantisation puts every quantised matrix in <paramref name="fp8Weights"/> (block-scaled when the checkpoint
    /// gives <c>weight_block_size</c>) and dispatch in FP8 (DeepSeek-V3 practice); MXFP4 puts routed experts in MXFP4,
    /// NVFP4 (and plain fp4) in NVFP4.
    /// </summary>
    public static ModelPrecision FromQuantization(DataType baseType, string? quantMethod, WeightFormat? fp8Weights = null)
    {
        var uniform = Uniform(baseType);
        var fp8 = fp8Weights ?? WeightFormat.Fp8PerTensor;
        return (quantMethod ?? string.Empty).ToLowerInvariant() switch
        {
            "fp8" => uniform with { AttentionWeights = fp8, DenseWeights = fp8, ExpertWeights = fp8, Dispatch = DataType.Fp8 },
            "mxfp4" => uniform with { ExpertWeights = WeightFormat.Mxfp4 },
            "nvfp4" or "fp4" => uniform with { ExpertWeights = WeightFormat.Nvfp4 },
            _ => uniform,
        };
    }

    /// <summary>The tensor kinds a scenario may override, for error messages.</summary>
    public const string TensorKindNames = "weights, attention_weights, dense_weights, expert_weights, embedding_weights, kv_cache, activations, dispatch, combine";

    /// <summary>The same formats with every quantised weight matrix (attention, dense, routed experts) in <paramref name="format"/>.</summary>
    public ModelPrecision WithAllWeights(WeightFormat format) =>
        this with { AttentionWeights = format, DenseWeights = format, ExpertWeights = format };

    /// <summary>
    /// Returns a copy with one tensor kind set from scenario text (e.g. "kv_cache", "fp8"); "weights" sets attention,
    /// dense and routed-expert weights together. Errors name the file and key path and list what is allowed.
    /// </summary>
    public ModelPrecision WithOverride(string tensorKind, string typeName, string file, string keyPath)
    {
        var kind = (tensorKind ?? string.Empty).Trim().ToLowerInvariant();
        if (kind is "weights" or "attention_weights" or "dense_weights" or "expert_weights" or "experts")
        {
            if (!WeightFormat.TryParse(typeName, out var format))
            {
                throw new InputException(file, keyPath, $"unknown weight format \"{typeName}\"; allowed: {WeightFormat.AcceptedNames}");
            }

            return kind switch
            {
                "weights" => WithAllWeights(format),
                "attention_weights" => this with { AttentionWeights = format },
                "dense_weights" => this with { DenseWeights = format },
                _ => this with { ExpertWeights = format },
            };
        }

        if (!DataTypes.TryParse(typeName, out var type))
        {
            throw new InputException(file, keyPath, $"unknown data type \"{typeName}\"; allowed: {DataTypes.AcceptedNames}");
        }

        return kind switch
        {
            "embedding_weights" or "embeddings" => this with { EmbeddingWeights = type },
            "kv_cache" or "kv" => this with { KvCache = type },
            "activations" => this with { Activations = type },
            "dispatch" => this with { Dispatch = type },
            "combine" => this with { Combine = type },
            _ => throw new InputException(file, keyPath, $"unknown tensor kind \"{tensorKind}\"; allowed: {TensorKindNames}"),
        };
    }
}
