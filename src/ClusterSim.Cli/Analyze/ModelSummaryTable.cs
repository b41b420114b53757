using Spectre.Console.Rendering;
using static ClusterSim.Cli.Analyze.AnalyzeText;

namespace ClusterSim.Cli.Analyze;

/// <summary>Renders the model summary: shape, parameters, KV bytes per token and precision.</summary>
internal static class ModelSummaryTable
{
    public static IRenderable Render(ModelReport model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var layers = model.Layers;
        var layerText = $"{layers.Total} ({layers.Dense} dense, {layers.Moe} MoE)"
            + (layers.Sliding > 0 ? $", {layers.Sliding} sliding-window ({Count(model.SlidingWindow)} tokens)" : string.Empty)
            + (layers.Mtp > 0 ? $", +{layers.Mtp} MTP" : string.Empty);
        var p = model.Precision;
        KeyValuePair<string, string>[] rows =
        [
            new("Model", $"{model.Name} ({model.ModelType})"),
            new("Attention", AttentionText(model)),
            new("Layers", layerText),
            new("Hidden size", Count(model.HiddenSize)),
            new("Experts", model.Experts is { } e ? $"{e.Routed} routed, top-{e.PerToken}, {e.Shared} shared, f = {Count(e.IntermediateSize)}" : "none (dense)"),
            new("Parameters, total", Billions(model.TotalParameters)),
            new("Parameters, active per token", Billions(model.ActiveParameters)),
            new("Parameter convention", ModelReport.ParameterConvention),
            new($"KV bytes per token, all layers ({p.KvCache})", Count(model.KvBytesPerToken)),
            new("KV bytes per token per layer", Count(model.KvBytesPerTokenPerLayer)),
            new("Activation bytes per token", Count(model.ActivationBytesPerToken)),
            new("Precision", $"attention {p.AttentionWeights}, dense {p.DenseWeights}, experts {p.ExpertWeights}, embeddings {p.EmbeddingWeights}, KV {p.KvCache}, "
                + $"activations {p.Activations}, dispatch {p.Dispatch}, combine {p.Combine}"),
        ];
        return Titled("Model", Facts(rows));
    }

    private static string AttentionText(ModelReport model) => model.Mla is { } mla
        ? $"MLA: {model.AttentionHeads} heads, latent {mla.KvLoraRank} + rope {mla.QkRopeHeadDim}, nope {mla.QkNopeHeadDim}, v {mla.VHeadDim}"
        : $"{model.Attention.ToUpperInvariant()}: {model.AttentionHeads} query heads, {model.KeyValueHeads} KV heads, head dim {model.HeadDim}";
}
