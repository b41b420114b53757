using System.Collections.Immutable;
using System.Text.Json;

namespace ClusterSim.Models;

/// <summary>Layer rules: which layers are MoE and which attend over a sliding window.</summary>
public static partial class ModelConfigReader
{
    private static ImmutableArray<LayerKind> ReadLayerKinds(ConfigJson config, int layers, bool isMoe, ref int slidingWindow)
    {
        var moeLayers = MoeLayerRule(config, layers, isMoe);
        var sliding = SlidingLayers(config, layers, ref slidingWindow);
        var builder = ImmutableArray.CreateBuilder<LayerKind>(layers);
        for (var i = 0; i < layers; i++)
        {
            builder.Add(LayerKinds.Of(moeLayers[i], sliding[i]));
        }

        return builder.MoveToImmutable();
    }

    private static bool[] MoeLayerRule(ConfigJson config, int layers, bool isMoe)
    {
        var moe = new bool[layers];
        if (!isMoe)
        {
            return moe;
        }

        var firstDense = config.OptionalInt("first_k_dense_replace");
        var frequency = config.OptionalInt("moe_layer_freq");
        if (firstDense is not null || frequency is not null)
        {
            // DeepSeek/Kimi dialect: layer i is MoE when i >= first_k_dense_replace and i % moe_layer_freq == 0.
            var first = firstDense ?? 0;
            var freq = frequency ?? 1;
            if (freq == 0)
            {
                throw config.Error("moe_layer_freq", "must be a positive integer");
            }

            if (first > layers)
            {
                throw config.Error("first_k_dense_replace", $"{first} exceeds the {layers} layers");
            }

            for (var i = 0; i < layers; i++)
            {
                moe[i] = i >= first && i % freq == 0;
            }

            return moe;
        }

        // Qwen dialect: MoE unless listed in mlp_only_layers, and only every decoder_sparse_step-th layer.
        var step = config.OptionalInt("decoder_sparse_step") ?? 1;
        if (step == 0)
        {
            throw config.Error("decoder_sparse_step", "must be a positive integer");
        }

        var denseOnly = new HashSet<int>();
        if (config.TryFind(out _, out var list, "mlp_only_layers"))
        {
            if (list.ValueKind != JsonValueKind.Array)
            {
                throw config.Error("mlp_only_layers", $"expected an array of layer indices, found {ConfigJson.Describe(list)}");
            }

            var index = 0;
            foreach (var item in list.EnumerateArray())
            {
                var key = $"mlp_only_layers[{index++}]";
                var layer = config.ToNonNegativeInt(key, item);
                if (layer >= layers)
                {
                    throw config.Error(key, $"layer {layer} does not exist; allowed: 0 to {layers - 1}");
                }

                denseOnly.Add(layer);
            }
        }

        for (var i = 0; i < layers; i++)
        {
            moe[i] = !denseOnly.Contains(i) && (i + 1) % step == 0;
        }

        return moe;
    }

    private static bool[] SlidingLayers(ConfigJson config, int layers, ref int slidingWindow)
    {
        var sliding = new bool[layers];
        if (config.TryFind(out _, out var types, "layer_types"))
        {
            if (types.ValueKind != JsonValueKind.Array || types.GetArrayLength() != layers)
            {
                throw config.Error("layer_types", $"expected an array of {layers} entries, one per layer");
            }

            var index = 0;
            foreach (var item in types.EnumerateArray())
            {
                var text = item.ValueKind == JsonValueKind.String ? item.GetString() : null;
                sliding[index] = text switch
                {
                    "sliding_attention" => true,
                    "full_attention" => false,
                    _ => throw config.Error($"layer_types[{index}]", $"found {ConfigJson.Describe(item)}; allowed: \"sliding_attention\", \"full_attention\""),
                };
                index++;
            }

            if (sliding.Contains(true) && slidingWindow == 0)
            {
                throw config.Error("sliding_window", "missing or 0 while layer_types has sliding_attention layers");
            }

            return sliding;
        }

        if (slidingWindow > 0 && config.OptionalBool("use_sliding_window", true))
        {
            // Qwen2-style: only layers from max_window_layers on use the window; Mistral-style: every layer.
            var firstSliding = config.OptionalInt("max_window_layers") ?? 0;
            for (var i = firstSliding; i < layers; i++)
            {
                sliding[i] = true;
            }
        }

        if (!sliding.Contains(true))
        {
            slidingWindow = 0;
        }

        return sliding;
    }
}
