namespace ClusterSim.Models;

/// <summary>The four layer shapes; layers of one kind have identical costs.</summary>
public enum LayerKind
{
    /// <summary>Dense feed-forward, full attention.</summary>
    DenseFull,

    /// <summary>Dense feed-forward, sliding-window attention.</summary>
    DenseSliding,

    /// <summary>Mixture-of-experts feed-forward, full attention.</summary>
    MoeFull,

    /// <summary>Mixture-of-experts feed-forward, sliding-window attention.</summary>
    MoeSliding,
}

/// <summary>Helpers on <see cref="LayerKind"/>.</summary>
public static class LayerKinds
{
    /// <summary>Number of layer kinds, for arrays indexed by kind.</summary>
    public const int Count = 4;

    /// <summary>True when the layer's feed-forward is a mixture of experts.</summary>
    public static bool IsMoe(this LayerKind kind) => kind is LayerKind.MoeFull or LayerKind.MoeSliding;

    /// <summary>True when the layer attends over a sliding window.</summary>
    public static bool IsSliding(this LayerKind kind) => kind is LayerKind.DenseSliding or LayerKind.MoeSliding;

    /// <summary>The kind for a layer with the given feed-forward and attention.</summary>
    public static LayerKind Of(bool moe, bool sliding) => (moe, sliding) switch
    {
        (false, false) => LayerKind.DenseFull,
        (false, true) => LayerKind.DenseSliding,
        (true, false) => LayerKind.MoeFull,
        (true, true) => LayerKind.MoeSliding,
    };
}

/// <summary>How many layers of each kind a model (or a pipeline stage) has.</summary>
public readonly record struct LayerCounts(int DenseFull, int DenseSliding, int MoeFull, int MoeSliding)
{
    /// <summary>All layers.</summary>
    public int Total => DenseFull + DenseSliding + MoeFull + MoeSliding;

    /// <summary>Layers with a dense feed-forward.</summary>
    public int Dense => DenseFull + DenseSliding;

    /// <summary>Layers with a mixture-of-experts feed-forward.</summary>
    public int Moe => MoeFull + MoeSliding;

    /// <summary>Layers with sliding-window attention.</summary>
    public int Sliding => DenseSliding + MoeSliding;

    /// <summary>The count of one kind.</summary>
    public int this[LayerKind kind] => kind switch
    {
        LayerKind.DenseFull => DenseFull,
        LayerKind.DenseSliding => DenseSliding,
        LayerKind.MoeFull => MoeFull,
        LayerKind.MoeSliding => MoeSliding,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown layer kind"),
    };

    /// <summary>Counts the kinds of a sequence of layers.</summary>
    public static LayerCounts From(IEnumerable<LayerKind> layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        int denseFull = 0, denseSliding = 0, moeFull = 0, moeSliding = 0;
        foreach (var kind in layers)
        {
            switch (kind)
            {
                case LayerKind.DenseFull: denseFull++; break;
                case LayerKind.DenseSliding: denseSliding++; break;
                case LayerKind.MoeFull: moeFull++; break;
                default: moeSliding++; break;
            }
        }

        return new LayerCounts(denseFull, denseSliding, moeFull, moeSliding);
    }
}
