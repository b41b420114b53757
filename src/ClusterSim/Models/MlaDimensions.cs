namespace ClusterSim.Models;

/// <summary>Dimensions of multi-head latent attention (DeepSeek-V2/V3, Kimi-K2).</summary>
/// <param name="QLoraRank">Rank of the query down-projection; 0 when queries are projected directly.</param>
/// <param name="KvLoraRank">Width of the cached key/value latent (512 in DeepSeek-V3).</param>
/// <param name="QkNopeHeadDim">Per-head query/key width without rotary embedding.</param>
/// <param name="QkRopeHeadDim">Width of the rotary part, shared by all heads for keys and cached beside the latent.</param>
/// <param name="VHeadDim">Per-head value width.</param>
public sealed record MlaDimensions(int QLoraRank, int KvLoraRank, int QkNopeHeadDim, int QkRopeHeadDim, int VHeadDim)
{
    /// <summary>Per-head query/key width (nope + rope).</summary>
    public int QkHeadDim => QkNopeHeadDim + QkRopeHeadDim;

    /// <summary>Elements cached per token per layer: latent plus rotary key (576 in DeepSeek-V3).</summary>
    public int CachedElementsPerToken => KvLoraRank + QkRopeHeadDim;
}
