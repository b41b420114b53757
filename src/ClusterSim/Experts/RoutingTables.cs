using ClusterSim.Engine.Random;

namespace ClusterSim.Experts;

/// <summary>
/// The per-layer sampling tables of expert routing (one <see cref="MultinomialSampler"/> per MoE layer, or per layer
/// and expert group with group-limited routing): about 12 KB per layer for 256 experts. Every instance of a pool
/// whose popularity does not drift routes over the same vectors, so its <see cref="RoutingSampler"/>s can share one
/// set (the 1,024-GPU scale scenario's 64 instances keep 0.7 MB instead of 46 MB).
/// </summary>
/// <remarks>
/// A table is a pure function of the weights it was last built for, and a sampler checks the weights on every call,
/// so sharing changes no draw (each instance keeps its own random stream); with drift the instances' vectors differ
/// over time and sharing would rebuild on every switch, so drifting popularity keeps tables per instance. Not for use
/// from two threads at once: one run (one event loop) only.
/// </remarks>
public sealed class RoutingTables
{
    /// <summary>Tables for <paramref name="layers"/> layers of <paramref name="experts"/> experts, grouped when <paramref name="groups"/> &gt; 1 and <paramref name="groupsPerToken"/> &lt; groups.</summary>
    public RoutingTables(int experts, int groups, int groupsPerToken, int layers)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(layers, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(experts, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(groups, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(groupsPerToken, 1);
        if (experts % groups != 0)
        {
            throw new ArgumentException($"{groups} expert groups do not divide {experts} experts", nameof(groups));
        }

        Experts = experts;
        Groups = groups;
        GroupsPerToken = Math.Min(groupsPerToken, groups);
        Layers = layers;
        PerLayer = new MultinomialSampler[GroupLimited ? 0 : layers];
        GroupPicks = new MultinomialSampler[GroupLimited ? layers : 0];
        WithinGroup = new MultinomialSampler[GroupLimited ? layers : 0][];
        for (var l = 0; l < layers; l++)
        {
            if (!GroupLimited)
            {
                PerLayer[l] = new MultinomialSampler(experts);
                continue;
            }

            GroupPicks[l] = new MultinomialSampler(groups);
            WithinGroup[l] = new MultinomialSampler[groups];
            for (var g = 0; g < groups; g++)
            {
                WithinGroup[l][g] = new MultinomialSampler(experts / groups);
            }
        }
    }

    /// <summary>Routed experts.</summary>
    public int Experts { get; }

    /// <summary>Expert groups (1 when routing is not grouped).</summary>
    public int Groups { get; }

    /// <summary>Groups a token may reach.</summary>
    public int GroupsPerToken { get; }

    /// <summary>Layers with their own tables.</summary>
    public int Layers { get; }

    /// <summary>True when tokens are limited to topk_group of the groups.</summary>
    public bool GroupLimited => Groups > 1 && GroupsPerToken < Groups;

    /// <summary>Plain routing: one sampler over all experts per layer.</summary>
    internal MultinomialSampler[] PerLayer { get; }

    /// <summary>Grouped routing: the group picks' sampler per layer.</summary>
    internal MultinomialSampler[] GroupPicks { get; }

    /// <summary>Grouped routing: one sampler per layer and group over the group's experts.</summary>
    internal MultinomialSampler[][] WithinGroup { get; }
}
