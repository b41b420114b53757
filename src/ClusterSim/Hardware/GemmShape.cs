namespace ClusterSim.Hardware;

/// <summary>
/// The shape of one GEMM call as a kernel sees it: <see cref="Groups"/> independent problems (experts of a grouped
/// GEMM, heads of a batched per-head GEMM) of <see cref="M"/> rows each, against k×n weights.
/// </summary>
/// <remarks>
/// The default value (all zero) means "shape unknown": the operator is then priced on the plain roofline. M is the
/// mean rows per group, so it may be fractional when a grouped GEMM's tokens do not divide evenly.
/// </remarks>
/// <param name="Groups">Independent problems in the call (1 for a plain GEMM).</param>
/// <param name="M">Rows (tokens) per group.</param>
/// <param name="N">Output columns.</param>
/// <param name="K">The reduction dimension.</param>
public readonly record struct GemmShape(double Groups, double M, double N, double K)
{
    /// <summary>True when every dimension is set (positive).</summary>
    public bool IsKnown => Groups > 0 && M > 0 && N > 0 && K > 0;

    /// <summary>2·groups·m·n·k, the FLOPs of one call.</summary>
    public double Flops => 2 * Groups * M * N * K;
}
