namespace ClusterSim.Serving;

/// <summary>The collective that carries an instance's communication, and over which links.</summary>
public enum CollectiveKind
{
    /// <summary>No expert all-to-all: the attention tensor-parallel all-reduce inside a node.</summary>
    TensorParallelAllReduce,

    /// <summary>Expert-parallel dispatch and combine among ranks of one node (scale-up links).</summary>
    IntraNodeAllToAll,

    /// <summary>Expert-parallel dispatch and combine across nodes (scale-out links).</summary>
    InterNodeAllToAll,

    /// <summary>
    /// Neither priced here: no all-to-all and no tensor parallelism (tp 1). In an attention/FFN-disaggregated pool the
    /// exposed communication is the transfer of tokens between attention and expert GPUs.
    /// </summary>
    AttentionExpertTransfer,
}

/// <summary>
/// Time of an instance's collectives as a function of bytes: alpha + bytes × seconds-per-byte, calibrated once per
/// pool by running the collective's flows through the fabric model (so contention among its own flows, NIC and
/// scale-up limits and the routing mode are all in the slope).
/// </summary>
/// <remarks>
/// Implementation note: for a fixed traffic pattern max-min fair shares scale linearly with the bytes, so two
/// fabric runs give the exact line; step pricing then costs a multiply instead of a flow simulation per layer.
/// </remarks>
/// <param name="AllToAllAlphaNs">Fixed cost of one all-to-all (dispatch or combine) among the EP ranks.</param>
/// <param name="AllToAllNsPerByte">Nanoseconds per byte sent by the busiest rank.</param>
/// <param name="AllReduceAlphaNs">Fixed cost of one all-reduce among the attention TP ranks.</param>
/// <param name="AllReduceNsPerByte">Nanoseconds per byte of the all-reduced payload.</param>
/// <param name="AllToAllCrossesNodes">True when the EP group spans nodes (all-to-all on scale-out links).</param>
public sealed record CommunicationCosts(
    double AllToAllAlphaNs,
    double AllToAllNsPerByte,
    double AllReduceAlphaNs,
    double AllReduceNsPerByte,
    bool AllToAllCrossesNodes)
{
    /// <summary>No communication (a single-accelerator instance).</summary>
    public static readonly CommunicationCosts None = new(0, 0, 0, 0, false);

    /// <summary>Which collective dominates the pool's communication and on which links.</summary>
    public CollectiveKind Collective =>
        AllToAllAlphaNs <= 0 && AllToAllNsPerByte <= 0
            ? AllReduceAlphaNs <= 0 && AllReduceNsPerByte <= 0 ? CollectiveKind.AttentionExpertTransfer : CollectiveKind.TensorParallelAllReduce
        : AllToAllCrossesNodes ? CollectiveKind.InterNodeAllToAll
        : CollectiveKind.IntraNodeAllToAll;

    /// <summary>Time of an all-to-all whose busiest rank sends or receives <paramref name="maxRankBytes"/>.</summary>
    public double AllToAllNs(double maxRankBytes) => maxRankBytes <= 0 ? 0 : AllToAllAlphaNs + (maxRankBytes * AllToAllNsPerByte);

    /// <summary>Time of an all-reduce of <paramref name="payloadBytes"/> per rank.</summary>
    public double AllReduceNs(double payloadBytes) => payloadBytes <= 0 ? 0 : AllReduceAlphaNs + (payloadBytes * AllReduceNsPerByte);
}
