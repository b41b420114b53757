using ClusterSim.Analysis;
using ClusterSim.Hardware;
using ClusterSim.Kernels;
using ClusterSim.Models;

namespace ClusterSim.Cli.Analyze;

/// <summary>One decode operator's figures on one accelerator.</summary>
/// <param name="Layer">"dense" or "moe" (with "_sliding" for windowed layers), or "step" for the final norm and LM head.</param>
/// <param name="Layers">Layers of that kind in the model (1 for step-level operators).</param>
/// <param name="Operator">Operator name ("attention_core", "routed_experts_up").</param>
/// <param name="OperationClass">"gemm", "attention", "memory_bound" or "communication".</param>
/// <param name="ComputeType">The format its arithmetic runs in on this accelerator.</param>
/// <param name="Flops">FLOPs on one device for one layer.</param>
/// <param name="Bytes">HBM bytes read plus written (bytes sent for communication).</param>
/// <param name="Intensity">FLOPs per byte; null for communication.</param>
/// <param name="RidgePoint">Peak ridge of <paramref name="ComputeType"/>; null for communication.</param>
/// <param name="EffectiveRidgePoint">Ridge with the class's efficiencies; null for communication.</param>
/// <param name="Bound">"compute" or "memory" against the peak ridge, "link" for communication.</param>
/// <param name="EffectiveBound">"compute" or "memory" against the effective ridge, "link" for communication.</param>
/// <param name="TimeUs">Time on one device for one layer in µs as a step prices it (CUDA graphs, no launch); for dispatch and combine the all-to-all table's time when it covers the step, else null.</param>
/// <param name="Pricing">Where the time came from: "measured", "interpolated", "tile_model" or "roofline"; "fabric" for communication no table prices.</param>
public sealed record OperatorRow(
    string Layer,
    int Layers,
    string Operator,
    string OperationClass,
    string ComputeType,
    double Flops,
    double Bytes,
    double? Intensity,
    double? RidgePoint,
    double? EffectiveRidgePoint,
    string Bound,
    string EffectiveBound,
    double? TimeUs,
    string Pricing);

/// <summary>Every decode operator at one batch and context length.</summary>
/// <param name="BatchPerRank">Decode requests per attention rank.</param>
/// <param name="ContextTokens">Context length of every request.</param>
/// <param name="Operators">One row per operator of each layer kind, then the step-level operators.</param>
public sealed record OperatorsReport(int BatchPerRank, int ContextTokens, IReadOnlyList<OperatorRow> Operators)
{
    /// <summary>The bound written for communication operators.</summary>
    public const string LinkBound = "link";

    /// <summary>One report per (context, batch) pair, contexts outermost.</summary>
    public static IReadOnlyList<OperatorsReport> From(AnalyzeInputs inputs, RooflineModel roofline)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(roofline);
        // Decode's expert GEMMs run in DeepGEMM's masked layout; the hardware's tables (GEMM, MLA decode) come first when it has them.
        var gemms = new GemmPricer(roofline.Spec, inputs.Kernels, maskedGroupedLayout: true);
        var attention = new AttentionTablePricer(inputs.Kernels);
        var deployment = inputs.Deployment;
        var allToAll = new AllToAllTablePricer(inputs.Kernels, deployment.AllToAll, crossesDomains: deployment.ExpertParallel > (deployment.ScaleUpDomain ?? roofline.Spec.ScaleUp.DomainSize.Value));
        var reports = new List<OperatorsReport>();
        foreach (var context in inputs.ContextTokens)
        {
            foreach (var batch in inputs.BatchesPerRank)
            {
                var rows = DecodeOperatorBounds.Of(inputs.Model, inputs.Deployment.Plan, roofline, batch, context, inputs.Precision, gemms: gemms, attention: attention, allToAll: allToAll.HasTables ? allToAll : null)
                    .Select(b => Row(b, inputs.Model.LayerCounts))
                    .ToArray();
                reports.Add(new OperatorsReport(batch, context, rows));
            }
        }

        return reports;
    }

    /// <summary>"dense", "dense_sliding", "moe", "moe_sliding", or "step" for once-per-step operators.</summary>
    public static string LayerName(LayerKind kind, bool stepLevel) => stepLevel ? "step" : kind switch
    {
        LayerKind.DenseFull => "dense",
        LayerKind.DenseSliding => "dense_sliding",
        LayerKind.MoeFull => "moe",
        LayerKind.MoeSliding => "moe_sliding",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown layer kind"),
    };

    private static OperatorRow Row(OperatorBound b, LayerCounts counts)
    {
        var communication = b.Bound is null;
        return new OperatorRow(
            LayerName(b.Layer, b.IsStepLevel),
            b.IsStepLevel ? 1 : counts[b.Layer],
            b.Kind.Name(),
            OperatorRoofline.ClassOf(b.Class).Name(),
            b.ComputeType.Name(),
            b.Flops,
            b.Bytes,
            communication ? null : b.Intensity,
            communication ? null : b.RidgePoint,
            communication ? null : b.EffectiveRidgePoint,
            BoundName(b.Bound),
            BoundName(b.EffectiveBound),
            double.IsNaN(b.TimeUs) ? null : b.TimeUs,
            b.Pricing?.Name() ?? "fabric");
    }

    private static string BoundName(RooflineBound? bound) => bound switch
    {
        RooflineBound.Compute => "compute",
        RooflineBound.Memory => "memory",
        _ => LinkBound,
    };
}
