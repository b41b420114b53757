namespace ClusterSim.Models;

/// <summary>Per-phase choice of how MLA is evaluated (ignored for MHA and GQA).</summary>
/// <param name="Prefill">Mode for prefill chunks; default not absorbed.</param>
/// <param name="Decode">Mode for decode requests; default absorbed.</param>
public sealed record AttentionOptions(MlaMode Prefill = MlaMode.NotAbsorbed, MlaMode Decode = MlaMode.Absorbed)
{
    /// <summary>The usual choice: decompress in prefill, absorb in decode.</summary>
    public static AttentionOptions Default { get; } = new();
}
