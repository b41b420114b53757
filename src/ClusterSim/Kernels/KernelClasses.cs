using ClusterSim.Hardware;

namespace ClusterSim.Kernels;

/// <summary>
/// Per kernel class: its file name, its shape keys in the order the lookup interpolates them, whether it names a
/// link, and the work of one call (FLOPs and HBM bytes) used to derive a time from a published rate and to price
/// the same shape on the roofline. The work formulas are the conventions of the benchmarks transcribed, so a rate
/// converts back to the time the benchmark measured.
/// </summary>
public static class KernelClasses
{
    /// <summary>Every class, in enum order.</summary>
    public static IReadOnlyList<KernelClass> All { get; } = Enum.GetValues<KernelClass>();

    /// <summary>The accepted file names, for error messages.</summary>
    public static string AcceptedNames => string.Join(", ", All.Select(FileName));

    /// <summary>The file name without ".csv" and the value of the class column ("grouped-gemm-masked").</summary>
    public static string FileName(this KernelClass kernel) => kernel switch
    {
        KernelClass.DenseGemm => "dense-gemm",
        KernelClass.GroupedGemmContiguous => "grouped-gemm-contiguous",
        KernelClass.GroupedGemmMasked => "grouped-gemm-masked",
        KernelClass.MlaDecode => "mla-decode",
        KernelClass.AttentionPrefill => "attention-prefill",
        KernelClass.MoeDispatchNormal => "moe-dispatch-normal",
        KernelClass.MoeCombineNormal => "moe-combine-normal",
        KernelClass.MoeDispatchLowLatency => "moe-dispatch-low-latency",
        KernelClass.MoeCombineLowLatency => "moe-combine-low-latency",
        KernelClass.AllReduce => "all-reduce",
        KernelClass.AllGather => "all-gather",
        _ => throw new ArgumentOutOfRangeException(nameof(kernel), kernel, null),
    };

    /// <summary>Parses a class name exactly (file names and the class column use the same spelling).</summary>
    public static bool TryParse(string? text, out KernelClass kernel)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(candidate.FileName(), text, StringComparison.Ordinal))
            {
                kernel = candidate;
                return true;
            }
        }

        kernel = default;
        return false;
    }

    /// <summary>The numeric shape keys, in interpolation order (outermost first).</summary>
    public static IReadOnlyList<string> Keys(this KernelClass kernel) => kernel switch
    {
        KernelClass.DenseGemm => GemmKeys,
        KernelClass.GroupedGemmContiguous or KernelClass.GroupedGemmMasked => GroupedKeys,
        KernelClass.MlaDecode => MlaKeys,
        KernelClass.AttentionPrefill => PrefillKeys,
        KernelClass.AllReduce or KernelClass.AllGather => CollectiveKeys,
        _ => AllToAllKeys,
    };

    /// <summary>True for communication classes, whose files carry a link column (nvlink or rdma).</summary>
    public static bool HasLink(this KernelClass kernel) =>
        kernel is KernelClass.MoeDispatchNormal or KernelClass.MoeCombineNormal or KernelClass.MoeDispatchLowLatency
            or KernelClass.MoeCombineLowLatency or KernelClass.AllReduce or KernelClass.AllGather;

    /// <summary>
    /// FLOPs of one call, or NaN for communication. GEMMs: 2·groups·m·n·k. MLA decode (DeepSeek's d_k 576, d_v 512,
    /// FlashMLA's convention): 2·batch·heads·q·context·(576 + 512). Attention prefill (FlashAttention's convention):
    /// 4·batch·seq²·heads·head_dim, halved when causal.
    /// </summary>
    public static double Flops(this KernelClass kernel, ReadOnlySpan<double> s) => kernel switch
    {
        KernelClass.DenseGemm => 2 * s[0] * s[1] * s[2],
        KernelClass.GroupedGemmContiguous or KernelClass.GroupedGemmMasked => 2 * s[0] * s[1] * s[2] * s[3],
        KernelClass.MlaDecode => 2 * s[0] * s[2] * s[3] * s[1] * (MlaKeyWidth + MlaValueWidth),
        KernelClass.AttentionPrefill => 4 * s[0] * s[1] * s[1] * s[2] * s[3] / (s[4] > 0 ? 2 : 1),
        _ => double.NaN,
    };

    /// <summary>
    /// HBM bytes of one call, or NaN for communication. GEMMs: inputs in the row's format (weights n·k per group,
    /// activations m·k per group) plus a BF16 output (m·n per group), as DeepGEMM counts them. MLA decode: the
    /// latent cache, batch·context·576 elements in the row's format. Attention prefill: Q, K, V and O once each.
    /// </summary>
    public static double Bytes(this KernelClass kernel, DataType format, ReadOnlySpan<double> s)
    {
        var e = format.BytesPerElement();
        const double output = 2; // BF16 results
        return kernel switch
        {
            KernelClass.DenseGemm => ((s[0] * s[2]) + (s[1] * s[2])) * e + (s[0] * s[1] * output),
            KernelClass.GroupedGemmContiguous or KernelClass.GroupedGemmMasked =>
                s[0] * ((((s[1] * s[3]) + (s[2] * s[3])) * e) + (s[1] * s[2] * output)),
            KernelClass.MlaDecode => s[0] * s[1] * MlaKeyWidth * e,
            KernelClass.AttentionPrefill => 4 * s[0] * s[1] * s[2] * s[3] * e,
            _ => double.NaN,
        };
    }

    // Static so the hot path never allocates a key list.
    private static readonly string[] GemmKeys = ["m", "n", "k"];
    private static readonly string[] GroupedKeys = ["groups", "m_per_group", "n", "k"];
    private static readonly string[] MlaKeys = ["batch", "context", "heads", "q_per_request"];
    private static readonly string[] PrefillKeys = ["batch", "seq_len", "heads", "head_dim", "causal"];
    private static readonly string[] CollectiveKeys = ["ranks", "bytes"];
    private static readonly string[] AllToAllKeys = ["ep", "tokens_per_rank", "hidden", "topk"];

    private const double MlaKeyWidth = 576;

    private const double MlaValueWidth = 512;
}
