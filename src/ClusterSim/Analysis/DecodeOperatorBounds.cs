using ClusterSim.Hardware;
using ClusterSim.Kernels;
using ClusterSim.Models;

namespace ClusterSim.Analysis;

/// <summary>One decode operator on one accelerator and which side of the roofline its intensity puts it.</summary>
/// <param name="Layer">The layer kind the operator belongs to (<see cref="LayerKind.DenseFull"/> for the LM head and final norm).</param>
/// <param name="IsStepLevel">True for operators run once per step (final norm, LM head) rather than once per layer.</param>
/// <param name="Kind">The operator.</param>
/// <param name="Class">How the cost model classes it.</param>
/// <param name="ComputeType">The format its arithmetic runs in on this accelerator (the model's format, widened when the chip lacks it).</param>
/// <param name="Flops">FLOPs on one device.</param>
/// <param name="Bytes">HBM bytes read plus written on one device; bytes sent for communication.</param>
/// <param name="Intensity">FLOPs per byte (0 for communication).</param>
/// <param name="RidgePoint">Peak ridge point of <paramref name="ComputeType"/> (NaN for communication).</param>
/// <param name="EffectiveRidgePoint">Ridge point with the operation class's efficiency factors (NaN for communication).</param>
/// <param name="Bound">Compute or memory by the peak ridge; null for communication, which crosses links.</param>
/// <param name="EffectiveBound">Compute or memory by the effective ridge; null for communication.</param>
public sealed record OperatorBound(
    LayerKind Layer,
    bool IsStepLevel,
    OperatorKind Kind,
    OpClass Class,
    DataType ComputeType,
    double Flops,
    double Bytes,
    double Intensity,
    double RidgePoint,
    double EffectiveRidgePoint,
    RooflineBound? Bound,
    RooflineBound? EffectiveBound)
{
    /// <summary>The operator's time on one device for one layer in µs, priced as a step is (NaN for communication unless an all-to-all table prices it).</summary>
    public double TimeUs { get; init; } = double.NaN;

    /// <summary>Where <see cref="TimeUs"/> came from; null for communication the tables do not price (the fabric's).</summary>
    public PricingSource? Pricing { get; init; }
}

/// <summary>
/// Every decode operator of a model with its intensity set against the ridge point of the format it computes
/// in: <see cref="DecodeIntensity"/> plus the roofline verdict the analyze verb prints.
/// </summary>
public static class DecodeOperatorBounds
{
    /// <summary>
    /// Rows for <paramref name="batchPerRank"/> decode requests per attention rank at context
    /// <paramref name="contextTokens"/>, balanced routing, one row per operator of each layer kind present and
    /// the step-level operators after the last layer. GEMMs are timed with <paramref name="gemms"/> (default: the
    /// chip's tile model, masked grouped layout as decode runs it, no tables) and attention cores with
    /// <paramref name="attention"/> when given (the hardware's MLA decode table), else on the roofline; dispatch and
    /// combine get a time only from <paramref name="allToAll"/> (the pool's DeepEP tables) when it covers the step.
    /// </summary>
    public static IReadOnlyList<OperatorBound> Of(
        ModelArchitecture model,
        ParallelPlan plan,
        RooflineModel roofline,
        long batchPerRank,
        long contextTokens,
        ModelPrecision? precision = null,
        AttentionOptions? options = null,
        GemmPricer? gemms = null,
        AttentionTablePricer? attention = null,
        AllToAllTablePricer? allToAll = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(roofline);
        gemms ??= new GemmPricer(roofline.Spec, null, maskedGroupedLayout: true);
        // Balanced routing and one token per request: every rank sends and receives B·k copies, B tokens' worth.
        var exchange = allToAll is not null && model.Moe is { } moe && plan.ExpertParallel > 1
            ? new AllToAllShape(allToAll, plan.ExpertParallel, batchPerRank, model.HiddenSize, moe.ExpertsPerToken)
            : (AllToAllShape?)null;
        return DecodeOperators.Of(model, plan, batchPerRank, contextTokens, precision, options)
            .Select(o => BoundOf(roofline, gemms, attention, exchange, o))
            .ToArray();
    }

    private static OperatorBound BoundOf(RooflineModel roofline, GemmPricer gemms, AttentionTablePricer? attention, AllToAllShape? exchange, DecodeOperator o)
    {
        var c = o.Cost;
        var type = OperatorRoofline.ComputeTypeOn(roofline.Spec, c.ComputeType);
        if (c.Class == OpClass.Communication)
        {
            var bound = new OperatorBound(o.Layer, o.IsStepLevel, c.Kind, c.Class, type, c.Flops, c.BytesRead, 0, double.NaN, double.NaN, null, null);
            var measured = exchange is { } x && c.Kind is OperatorKind.Dispatch or OperatorKind.Combine ? x.Lookup(c.Kind, c.ComputeType) : KernelEstimate.None;
            return measured.HasValue
                ? bound with { TimeUs = measured.TimeUs, Pricing = measured.Provenance == KernelProvenance.Measured ? PricingSource.Measured : PricingSource.Interpolated }
                : bound;
        }

        var intensity = c.Bytes > 0 ? c.Flops / c.Bytes : 0;
        var ridge = roofline.RidgePoint(type);
        var effective = roofline.EffectiveRidgePoint(OperatorRoofline.ClassOf(c.Class), type);
        var price = KernelPricing.Price(c, type, roofline, gemms, attention);
        return new OperatorBound(
            o.Layer, o.IsStepLevel, c.Kind, c.Class, type, c.Flops, c.Bytes, intensity, ridge, effective, BoundOf(intensity, ridge), BoundOf(intensity, effective))
        {
            TimeUs = price.Nanoseconds / 1e3,
            Pricing = price.Source,
        };
    }

    /// <summary>The all-to-all of a balanced decode step in the keys of DeepEP's tables.</summary>
    private readonly record struct AllToAllShape(AllToAllTablePricer Tables, int Ep, double TokensPerRank, double Hidden, double TopK)
    {
        public KernelEstimate Lookup(OperatorKind kind, DataType format) => kind == OperatorKind.Dispatch
            ? Tables.Dispatch(format, Ep, TokensPerRank, Hidden, TopK)
            : Tables.Combine(format, Ep, TokensPerRank, Hidden, TopK);
    }

    // At the ridge itself both sides take the same time; the roofline pricer calls that compute-bound too.
    private static RooflineBound BoundOf(double intensity, double ridge) =>
        intensity >= ridge ? RooflineBound.Compute : RooflineBound.Memory;
}
