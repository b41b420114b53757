using ClusterSim.Hardware;
using ClusterSim.Input;

namespace ClusterSim.Models;

/// <summary>Numeric format of each kind of tensor a model moves.</summary>
/// <remarks>
/// Defaults come from the config's <c>quantization_config</c> (see <see cref="FromQuantization"/>); a scenario
/// may override any field with <c>with</c>. Embeddings, LM head, norms and router stay in
/// <see cref="EmbeddingWeights"/> because the published FP8 and MXFP4 checkpoints leave them unquantised.
/// </remarks>
/// <param name="Weights">Attention, dense feed-forward and shared-expert weights.</param>
/// <param name="ExpertWeights">Routed-expert weights.</param>
/// <param name="EmbeddingWeights">Token embedding, LM head and router weights.</param>
/// <param name="KvCache">Cached keys and values (or MLA latents).</param>
/// <param name="Activations">Activations between operators.</param>
/// <param name="Dispatch">Token payload sent to experts (all-to-all dispatch).</param>
/// <param name="Combine">Expert outputs sent back (all-to-all combine).</param>
public sealed record ModelPrecision(
    DataType Weights,
    DataType ExpertWeights,
    DataType EmbeddingWeights,
    DataType KvCache,
    DataType Activations,
    DataType Dispatch,
    DataType Combine)
{
    /// <summary>Everything in one format (BF16 for an unquantised checkpoint).</summary>
    public static ModelPrecision Uniform(DataType type) => new(type, type, type, type, type, type, type);

    /// <summary>
    /// Defaults for a checkpoint: <paramref name="baseType"/> (from torch_dtype) everywhere, then FP8
    /// quantisation puts weights and dispatch in FP8 (DeepSeek-V3 practice), MXFP4 puts routed experts in FP4.
    /// </summary>
    public static ModelPrecision FromQuantization(DataType baseType, string? quantMethod)
    {
        var uniform = Uniform(baseType);
        return (quantMethod ?? string.Empty).ToLowerInvariant() switch
        {
            "fp8" => uniform with { Weights = DataType.Fp8, ExpertWeights = DataType.Fp8, Dispatch = DataType.Fp8 },
            "mxfp4" or "nvfp4" or "fp4" => uniform with { ExpertWeights = DataType.Fp4 },
            _ => uniform,
        };
    }

    /// <summary>The tensor kinds a scenario may override, for error messages.</summary>
    public const string TensorKindNames = "weights, expert_weights, embedding_weights, kv_cache, activations, dispatch, combine";

    /// <summary>
    /// Returns a copy with one tensor kind set from scenario text (e.g. "kv_cache", "fp8"); errors name the
    /// file and key path and list what is allowed.
    /// </summary>
    public ModelPrecision WithOverride(string tensorKind, string typeName, string file, string keyPath)
    {
        if (!DataTypes.TryParse(typeName, out var type))
        {
            throw new InputException(file, keyPath, $"unknown data type \"{typeName}\"; allowed: {DataTypes.AcceptedNames}");
        }

        return (tensorKind ?? string.Empty).Trim().ToLowerInvariant() switch
        {
            "weights" => this with { Weights = type },
            "expert_weights" or "experts" => this with { ExpertWeights = type },
            "embedding_weights" or "embeddings" => this with { EmbeddingWeights = type },
            "kv_cache" or "kv" => this with { KvCache = type },
            "activations" => this with { Activations = type },
            "dispatch" => this with { Dispatch = type },
            "combine" => this with { Combine = type },
            _ => throw new InputException(file, keyPath, $"unknown tensor kind \"{tensorKind}\"; allowed: {TensorKindNames}"),
        };
    }
}
