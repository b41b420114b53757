using ClusterSim.Analysis;
using ClusterSim.Hardware;
using ClusterSim.Models;

namespace ClusterSim.Cli.Analyze;

/// <summary>Layer counts by feed-forward and attention kind.</summary>
/// <param name="Total">Decoder layers (MTP not included).</param>
/// <param name="Dense">Layers with a dense feed-forward.</param>
/// <param name="Moe">Layers with routed experts.</param>
/// <param name="Sliding">Layers with sliding-window attention.</param>
/// <param name="Mtp">Multi-token-prediction modules (not in <paramref name="Total"/>).</param>
public sealed record LayerReport(int Total, int Dense, int Moe, int Sliding, int Mtp);

/// <summary>Routed-expert settings.</summary>
/// <param name="Routed">Routed experts per MoE layer (E).</param>
/// <param name="PerToken">Experts per token (k).</param>
/// <param name="Shared">Shared experts per MoE layer.</param>
/// <param name="IntermediateSize">Intermediate width of one expert (f).</param>
public sealed record ExpertConfigReport(int Routed, int PerToken, int Shared, int IntermediateSize);

/// <summary>Numeric format of each tensor kind ("bf16", "fp8_block128", "nvfp4").</summary>
/// <param name="AttentionWeights">Attention projections and MTP's eh_proj.</param>
/// <param name="DenseWeights">Dense feed-forward and shared experts.</param>
/// <param name="ExpertWeights">Routed experts.</param>
/// <param name="EmbeddingWeights">Embedding, LM head and router.</param>
/// <param name="KvCache">KV cache.</param>
/// <param name="Activations">Activations.</param>
/// <param name="Dispatch">All-to-all dispatch payload.</param>
/// <param name="Combine">All-to-all combine payload.</param>
public sealed record PrecisionReport(string AttentionWeights, string DenseWeights, string ExpertWeights, string EmbeddingWeights, string KvCache, string Activations, string Dispatch, string Combine);

/// <summary>The model summary table and its JSON section.</summary>
/// <param name="Name">Catalog name or config file name.</param>
/// <param name="ModelType">The config's model_type.</param>
/// <param name="Attention">"mha", "gqa" or "mla".</param>
/// <param name="Layers">Layer counts.</param>
/// <param name="HiddenSize">Residual width d.</param>
/// <param name="AttentionHeads">Query heads.</param>
/// <param name="KeyValueHeads">Key/value heads.</param>
/// <param name="HeadDim">Head width (value head width for MLA).</param>
/// <param name="Mla">MLA dimensions, or null.</param>
/// <param name="Experts">Expert settings, or null for a dense model.</param>
/// <param name="TotalParameters">All parameters: embedding and LM head counted (once when tied), MTP modules not.</param>
/// <param name="ActiveParameters">Parameters per token: LM head counted, embedding table not, MTP not.</param>
/// <param name="KvBytesPerToken">KV-cache bytes per token over all layers, no sliding window applied.</param>
/// <param name="KvBytesPerTokenPerLayer">KV-cache bytes per token per layer.</param>
/// <param name="ActivationBytesPerToken">Activation workspace estimate per in-flight token.</param>
/// <param name="SlidingWindow">Sliding window in tokens, 0 when none.</param>
/// <param name="Precision">Formats in effect.</param>
public sealed record ModelReport(
    string Name,
    string ModelType,
    string Attention,
    LayerReport Layers,
    int HiddenSize,
    int AttentionHeads,
    int KeyValueHeads,
    int HeadDim,
    MlaDimensions? Mla,
    ExpertConfigReport? Experts,
    double TotalParameters,
    double ActiveParameters,
    double KvBytesPerToken,
    double KvBytesPerTokenPerLayer,
    double ActivationBytesPerToken,
    int SlidingWindow,
    PrecisionReport Precision)
{
    /// <summary>The parameter conventions, stated in the table and in docs/analyze.md.</summary>
    public const string ParameterConvention = "total: embedding and LM head counted, MTP not; active: LM head counted, embedding table not";

    /// <summary>Summarises the model under the precision in effect.</summary>
    public static ModelReport From(AnalyzeInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var model = inputs.Model;
        var summary = ModelSummary.Of(model, inputs.Precision);
        var counts = summary.Layers;
        var p = inputs.Precision;
        return new ModelReport(
            model.Name,
            model.ModelType,
            AttentionName(model.Attention),
            new LayerReport(counts.Total, counts.Dense, counts.Moe, counts.Sliding, model.MtpLayers),
            model.HiddenSize,
            model.AttentionHeads,
            model.KeyValueHeads,
            model.HeadDim,
            model.Mla,
            model.Moe is { } moe ? new ExpertConfigReport(moe.RoutedExperts, moe.ExpertsPerToken, moe.SharedExperts, moe.ExpertIntermediateSize) : null,
            summary.TotalParameters,
            summary.ActiveParameters,
            summary.KvBytesPerToken,
            summary.KvBytesPerTokenPerLayer,
            summary.ActivationBytesPerToken,
            model.SlidingWindow,
            new PrecisionReport(p.AttentionWeights.Name, p.DenseWeights.Name, p.ExpertWeights.Name, p.EmbeddingWeights.Name(), p.KvCache.Name(), p.Activations.Name(), p.Dispatch.Name(), p.Combine.Name()));
    }

    /// <summary>"mha", "gqa" or "mla".</summary>
    public static string AttentionName(AttentionKind kind) => kind switch
    {
        AttentionKind.MultiHead => "mha",
        AttentionKind.GroupedQuery => "gqa",
        AttentionKind.MultiHeadLatent => "mla",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown attention kind"),
    };
}
