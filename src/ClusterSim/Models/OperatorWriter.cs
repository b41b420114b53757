using System.Runtime.CompilerServices;
using ClusterSim.Hardware;

namespace ClusterSim.Models;

/// <summary>Which operators a <see cref="OperatorWriter"/> keeps.</summary>
internal enum OperatorFilter
{
    /// <summary>Every operator.</summary>
    All,

    /// <summary>Those that <see cref="OperatorCostModel.ReadsContext"/>.</summary>
    Context,

    /// <summary>Those that <see cref="OperatorCostModel.ReadsContext"/> or <see cref="OperatorCostModel.ReadsPhaseTokens"/>.</summary>
    ContextAndPhaseTokens,
}

/// <summary>
/// Appends operator costs to a caller's span; throws when the span is too small (a caller bug). A filtering writer
/// keeps only some operators (<see cref="OperatorFilter"/>) and drops the rest, so the same Write code yields exactly
/// those operators, identical and in the same order.
/// </summary>
internal ref struct OperatorWriter
{
    private readonly Span<OperatorCost> destination;
    private readonly OperatorFilter filter;

    public OperatorWriter(Span<OperatorCost> destination, OperatorFilter filter = OperatorFilter.All)
    {
        this.destination = destination;
        this.filter = filter;
        Count = 0;
    }

    public int Count { get; private set; }

    // Inlined so a filtering writer drops an operator without the call that would build it.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(OperatorKind kind, OpClass opClass, double flops, double bytesRead, double bytesWritten, DataType computeType, GemmShape shape = default, AttentionShape attention = default)
    {
        if (filter != OperatorFilter.All && !Keeps(kind))
        {
            return;
        }

        Append(kind, opClass, flops, bytesRead, bytesWritten, computeType, shape, attention);
    }

    private readonly bool Keeps(OperatorKind kind) =>
        OperatorCostModel.ReadsContext(kind) || (filter == OperatorFilter.ContextAndPhaseTokens && OperatorCostModel.ReadsPhaseTokens(kind));

    private void Append(OperatorKind kind, OpClass opClass, double flops, double bytesRead, double bytesWritten, DataType computeType, GemmShape shape, AttentionShape attention)
    {
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
