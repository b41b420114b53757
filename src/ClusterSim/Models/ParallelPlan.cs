namespace ClusterSim.Models;

/// <summary>How one model instance is split over devices; operator costs are per device under it.</summary>
/// <param name="AttentionTensorParallel">Ranks that split attention heads (TP).</param>
/// <param name="AttentionDataParallel">Attention replicas, each with its own requests (DP).</param>
/// <param name="ExpertParallel">Ranks that split the routed experts of a layer (EP).</param>
/// <param name="PipelineParallel">Pipeline stages, each holding a contiguous slice of layers (PP).</param>
/// <param name="DenseTensorParallel">Ranks that split dense feed-forward, shared experts and LM head; 0 means the attention TP.</param>
/// <param name="RedundantExpertSlots">Extra expert replicas over the whole EP group (EPLB redundancy).</param>
public sealed record ParallelPlan(
    int AttentionTensorParallel = 1,
    int AttentionDataParallel = 1,
    int ExpertParallel = 1,
    int PipelineParallel = 1,
    int DenseTensorParallel = 0,
    int RedundantExpertSlots = 0)
{
    /// <summary>One device holds everything.</summary>
    public static ParallelPlan Single { get; } = new();

    /// <summary>TP of dense FFN, shared experts and LM head (defaults to the attention TP).</summary>
    public int EffectiveDenseTensorParallel => DenseTensorParallel > 0 ? DenseTensorParallel : AttentionTensorParallel;

    /// <summary>Devices per pipeline stage running attention (TP·DP).</summary>
    public int AttentionDevicesPerStage => AttentionTensorParallel * AttentionDataParallel;

    /// <summary>Expert slots held by each EP rank: ceil((E + redundant) / EP).</summary>
    public int ExpertsPerRank(MoeConfig moe)
    {
        ArgumentNullException.ThrowIfNull(moe);
        return (moe.RoutedExperts + RedundantExpertSlots + ExpertParallel - 1) / ExpertParallel;
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first degree that is not positive or does not fit the model.</summary>
    public void Validate(ModelArchitecture model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (AttentionTensorParallel < 1 || AttentionDataParallel < 1 || ExpertParallel < 1 || PipelineParallel < 1
            || DenseTensorParallel < 0 || RedundantExpertSlots < 0)
        {
            throw new ArgumentException($"parallel degrees must be positive: {this}");
        }

        if (model.AttentionHeads % AttentionTensorParallel != 0)
        {
            throw new ArgumentException($"attention TP {AttentionTensorParallel} does not divide the {model.AttentionHeads} heads of {model.Name}");
        }

        if (PipelineParallel > model.Layers)
        {
            throw new ArgumentException($"pipeline degree {PipelineParallel} exceeds the {model.Layers} layers of {model.Name}");
        }

        if (model.Moe is { } moe && ExpertParallel > moe.RoutedExperts + RedundantExpertSlots)
        {
            throw new ArgumentException($"EP {ExpertParallel} exceeds the {moe.RoutedExperts + RedundantExpertSlots} expert slots of {model.Name}");
        }
    }
}
