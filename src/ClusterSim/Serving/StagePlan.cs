namespace ClusterSim.Serving;

/// <summary>Which lane a stage of a step occupies: the accelerators' compute or the fabric.</summary>
public enum StageLane
{
    /// <summary>Kernels on the accelerators (attention, experts, dense layers, embedding, LM head).</summary>
    Compute,

    /// <summary>Collectives on the fabric (dispatch, combine, tensor-parallel all-reduce).</summary>
    Communication,
}

/// <summary>What a stage does, for traces.</summary>
public enum StageKind
{
    /// <summary>Embedding lookup before the first layer.</summary>
    Embedding,

    /// <summary>Attention (and, in dense layers, the feed-forward) on every DP rank.</summary>
    Attention,

    /// <summary>Tensor-parallel all-reduce.</summary>
    AllReduce,

    /// <summary>MoE dispatch all-to-all.</summary>
    Dispatch,

    /// <summary>Routed experts on every EP rank.</summary>
    Experts,

    /// <summary>MoE combine all-to-all.</summary>
    Combine,

    /// <summary>Final norm and LM head.</summary>
    LmHead,

    /// <summary>Multi-token-prediction module passes.</summary>
    Mtp,
}

/// <summary>One stage of one micro-batch of a step, with its duration on its lane.</summary>
public readonly record struct Stage(StageKind Kind, StageLane Lane, int Layer, double Nanoseconds);

/// <summary>
/// The stages of one step at <c>layer</c> fidelity: per micro-batch, the ordered stages of every layer. Reused step
/// after step (lists are cleared, not reallocated).
/// </summary>
public sealed class StagePlan
{
    /// <summary>Stages of each micro-batch, in execution order.</summary>
    public List<Stage>[] MicroBatches { get; } = [new(512), new(512)];

    /// <summary>Micro-batches in use this step (1 or 2).</summary>
    public int Count { get; set; } = 1;

    /// <summary>Empties the plan.</summary>
    public void Clear()
    {
        foreach (var list in MicroBatches)
        {
            list.Clear();
        }

        Count = 1;
    }

    /// <summary>Time the stages would take back to back, with no overlap (for checks).</summary>
    public double SerialNanoseconds => MicroBatches.Take(Count).Sum(list => list.Sum(s => s.Nanoseconds));
}
