using ClusterSim.Models;

namespace ClusterSim.Analysis;

/// <summary>One operator of a decode step: the layer kind it belongs to, whether it runs once per step, and its cost.</summary>
/// <param name="Layer">The layer kind (<see cref="LayerKind.DenseFull"/> for step-level operators).</param>
/// <param name="IsStepLevel">True for the final norm and LM head, run once per step rather than once per layer.</param>
/// <param name="Cost">FLOPs and bytes on one device.</param>
public readonly record struct DecodeOperator(LayerKind Layer, bool IsStepLevel, OperatorCost Cost);

/// <summary>
/// The operators of a decode step of <c>batchPerRank</c> requests at one context length on one attention rank,
/// with balanced expert routing: one set per layer kind the model has, then the step-level operators. The common
/// source of the closed-form intensity and roofline tables.
/// </summary>
public static class DecodeOperators
{
    /// <summary>Lists the operators in model order: layer kinds in enum order, then the step end.</summary>
    public static IReadOnlyList<DecodeOperator> Of(
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

        var rows = new List<DecodeOperator>();
        var counts = model.LayerCounts;
        foreach (var kind in Enum.GetValues<LayerKind>())
        {
            if (counts[kind] > 0)
            {
                var n = costs.WriteLayer(kind, shape, experts, buffer);
                rows.AddRange(buffer.Take(n).Select(c => new DecodeOperator(kind, false, c)));
            }
        }

        var end = costs.WriteStepEnd(shape, buffer);
        rows.AddRange(buffer.Take(end).Select(c => new DecodeOperator(LayerKind.DenseFull, true, c)));
        return rows;
    }
}
