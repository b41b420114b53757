using ClusterSim.Hardware;

namespace ClusterSim.Models;

/// <summary>
/// Appends operator costs to a caller's span; throws when the span is too small (a caller bug). A context-only writer
/// keeps just the operators that read the batch's context (<see cref="OperatorCostModel.ReadsContext"/>) and drops the
/// rest, so the same Write code yields exactly those operators, identical and in the same order.
/// </summary>
internal ref struct OperatorWriter
{
    private readonly Span<OperatorCost> destination;
    private readonly bool contextOnly;

    public OperatorWriter(Span<OperatorCost> destination, bool contextOnly = false)
    {
        this.destination = destination;
        this.contextOnly = contextOnly;
        Count = 0;
    }

    public int Count { get; private set; }

    public void Add(OperatorKind kind, OpClass opClass, double flops, double bytesRead, double bytesWritten, DataType computeType, GemmShape shape = default, AttentionShape attention = default)
    {
        if (contextOnly && !OperatorCostModel.ReadsContext(kind))
        {
            return;
        }

        if (Count >= destination.Length)
        {
            throw new ArgumentException($"operator buffer of {destination.Length} is too small; use OperatorCostModel.MaxOperatorsPerLayer");
        }

        destination[Count++] = new OperatorCost(kind, opClass, flops, bytesRead, bytesWritten, computeType, shape, attention);
    }

    /// <summary>
    /// A GEMM of <paramref name="tokens"/> rows through <paramref name="batches"/> separate k×n weight matrices
    /// (batches &gt; 1 for per-head matrices such as MLA's absorbed W_UK and W_UV).
    /// </summary>
    public void Gemm(OperatorKind kind, double tokens, double k, double n, double weightBytesPerElement, double activationBytesPerElement, DataType computeType, double batches = 1)
    {
        if (tokens <= 0)
        {
            return;
        }

        Add(
            kind,
            OpClass.Gemm,
            2 * tokens * batches * k * n,
            (batches * k * n * weightBytesPerElement) + (tokens * batches * k * activationBytesPerElement),
            tokens * batches * n * activationBytesPerElement,
            computeType,
            new GemmShape(batches, tokens, n, k));
    }
}
