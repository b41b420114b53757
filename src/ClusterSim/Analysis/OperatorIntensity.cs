using ClusterSim.Models;

namespace ClusterSim.Analysis;

/// <summary>FLOPs, bytes and arithmetic intensity of one operator in one layer kind.</summary>
/// <param name="Layer">The layer kind the operator belongs to (or <see cref="LayerKind.DenseFull"/> for step-level operators).</param>
/// <param name="Kind">The operator.</param>
/// <param name="Name">Display name of the operator.</param>
/// <param name="Flops">FLOPs on one device.</param>
/// <param name="Bytes">HBM bytes read plus written on one device (bytes sent for communication).</param>
/// <param name="Intensity">FLOPs per byte.</param>
/// <param name="IsCommunication">True for all-reduce and all-to-all rows, whose bytes cross links.</param>
public sealed record OperatorIntensity(LayerKind Layer, OperatorKind Kind, string Name, double Flops, double Bytes, double Intensity, bool IsCommunication);

/// <summary>Arithmetic intensity of every decode operator at a batch and context length.</summary>
public static class DecodeIntensity
{
    /// <summary>
    /// One row per operator of each layer kind the model has, plus the LM head, for a decode step of
    /// <paramref name="batchPerRank"/> requests at context <paramref name="contextTokens"/> on one attention
    /// rank, with balanced expert routing.
    /// </summary>
    public static IReadOnlyList<OperatorIntensity> Of(
        ModelArchitecture model,
        ParallelPlan plan,
        long batchPerRank,
        long contextTokens,
        ModelPrecision? precision = null,
        AttentionOptions? options = null) =>
        DecodeOperators.Of(model, plan, batchPerRank, contextTokens, precision, options)
            .Select(o =>
            {
                var c = o.Cost;
                var communication = c.Class == OpClass.Communication;
                var bytes = communication ? c.BytesRead : c.Bytes;
                return new OperatorIntensity(o.Layer, c.Kind, c.Kind.Name(), c.Flops, bytes, bytes > 0 ? c.Flops / bytes : 0, communication);
            })
            .ToArray();
}
