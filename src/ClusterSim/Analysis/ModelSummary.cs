using ClusterSim.Models;

namespace ClusterSim.Analysis;

/// <summary>The headline figures of a model for the analyze verb.</summary>
/// <param name="Name">Catalog name.</param>
/// <param name="Attention">Attention kind.</param>
/// <param name="Layers">Layer counts by kind.</param>
/// <param name="TotalParameters">Total parameters (embedding and head counted, MTP not).</param>
/// <param name="ActiveParameters">Parameters per token (LM head counted, embedding table not).</param>
/// <param name="KvBytesPerToken">KV bytes per token over all layers in the model's KV format.</param>
/// <param name="KvBytesPerTokenPerLayer">KV bytes per token per layer.</param>
/// <param name="ActivationBytesPerToken">Activation workspace estimate per in-flight token.</param>
public sealed record ModelSummary(
    string Name,
    AttentionKind Attention,
    LayerCounts Layers,
    double TotalParameters,
    double ActiveParameters,
    double KvBytesPerToken,
    double KvBytesPerTokenPerLayer,
    double ActivationBytesPerToken)
{
    /// <summary>Summarises a model under its default (or the given) precision.</summary>
    public static ModelSummary Of(ModelArchitecture model, ModelPrecision? precision = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        var memory = new ModelMemory(model, precision);
        var p = memory.Parameters;
        return new ModelSummary(model.Name, model.Attention, model.LayerCounts, p.Total, p.ActivePerToken, memory.KvBytesPerToken, memory.KvBytesPerTokenPerLayer, memory.ActivationBytesPerToken);
    }
}
