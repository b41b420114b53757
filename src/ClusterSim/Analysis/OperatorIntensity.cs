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
        AttentionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        var costs = new OperatorCostModel(model, plan, precision, options);
        var shape = BatchShape.UniformDecode(batchPerRank, contextTokens, model.SlidingWindow);
        var buffer = new OperatorCost[OperatorCostModel.MaxOperatorsPerLayer];
        var experts = new int[Math.Max(1, costs.ExpertsPerRank)];
        if (model.IsMoe)
        {
            costs.FillBalancedExpertCounts(batchPerRank, experts);
        }

        var rows = new List<OperatorIntensity>();
        var counts = model.LayerCounts;
        foreach (var kind in Enum.GetValues<LayerKind>())
        {
            if (counts[kind] == 0)
            {
                continue;
            }

            var n = costs.WriteLayer(kind, shape, experts, buffer);
            Add(rows, kind, buffer.AsSpan(0, n));
        }

        var end = costs.WriteStepEnd(shape, buffer);
        Add(rows, LayerKind.DenseFull, buffer.AsSpan(0, end));
        return rows;
    }

    private static void Add(List<OperatorIntensity> rows, LayerKind layer, ReadOnlySpan<OperatorCost> costs)
    {
        foreach (var c in costs)
        {
            var communication = c.Class == OpClass.Communication;
            var bytes = communication ? c.BytesRead : c.Bytes;
            rows.Add(new OperatorIntensity(layer, c.Kind, c.Kind.Name(), c.Flops, bytes, bytes > 0 ? c.Flops / bytes : 0, communication));
        }
    }
}
