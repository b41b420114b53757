using ClusterSim.Engine.Random;

namespace ClusterSim.Experts;

/// <summary>
/// Draws the tokens each routed expert receives in one layer as counts: B·k token copies as a multinomial over the
/// layer's popularity, or, with group-limited routing (DeepSeek's n_group / topk_group), first B·topk_group group
/// picks over the groups' popularity, then the B·k copies over the picked groups, then each group's copies over its
/// experts. At most O(experts) binomials per layer, or at most 16 alias draws per expert when copies are few
/// (<see cref="MultinomialSampler"/>); nothing is allocated per call.
/// </summary>
/// <remarks>
/// Each multinomial has its own <see cref="MultinomialSampler"/>, whose tables (an alias table for layers of few
/// copies, the conditional-binomial chain's constants for many) are built once per popularity vector and kept until
/// it changes. Every MoE layer has its own popularity vector and the router visits the layers round-robin, so one
/// sampler shared by all layers would rebuild its tables on every call; the samplers are kept per layer in
/// <see cref="RoutingTables"/> (12 KB per layer for 256 experts), which the instances of a pool share when their
/// popularity does not drift.
/// </remarks>
/// <remarks>
/// Both forms keep each expert's expected share at its popularity. Copies are drawn with replacement, ignoring that
/// a token's k experts are distinct; that matters only when k is a large share of E. In the grouped form the copies
/// can only land in groups that were picked, so one token never reaches more than topk_group groups.
/// </remarks>
public sealed class RoutingSampler
{
    private readonly RandomStream _random;
    private readonly int _expertsPerToken;
    private readonly int _groups;
    private readonly int _groupsPerToken;
    private readonly double[] _groupWeights;
    private readonly long[] _groupPicks;
    private readonly double[] _pickWeights;
    private readonly long[] _groupCopies;
    private readonly RoutingTables _tables;
    private readonly MultinomialSampler _groupCopySampler;

    /// <summary>
    /// A sampler for <paramref name="experts"/> experts and top-<paramref name="expertsPerToken"/> routing;
    /// <paramref name="groups"/> &gt; 1 with <paramref name="groupsPerToken"/> &lt; groups turns on group-limited routing.
    /// <paramref name="layers"/> is how many layers keep their own set-up cache (see <see cref="Sample(int, ReadOnlySpan{double}, long, Span{long})"/>).
    /// </summary>
    public RoutingSampler(int experts, int expertsPerToken, int groups, int groupsPerToken, RandomStream random, int layers = 1)
        : this(expertsPerToken, new RoutingTables(experts, groups, groupsPerToken, layers), random)
    {
    }

    /// <summary>
    /// A sampler drawing from <paramref name="random"/> over <paramref name="tables"/>, which other samplers of the same
    /// run may share (see <see cref="RoutingTables"/>).
    /// </summary>
    public RoutingSampler(int expertsPerToken, RoutingTables tables, RandomStream random)
    {
        ArgumentNullException.ThrowIfNull(tables);
        ArgumentOutOfRangeException.ThrowIfLessThan(expertsPerToken, 1);
        Experts = tables.Experts;
        _expertsPerToken = expertsPerToken;
        _groups = tables.Groups;
        _groupsPerToken = tables.GroupsPerToken;
        _random = random;
        _tables = tables;
        _groupWeights = new double[_groups];
        _groupPicks = new long[_groups];
        _pickWeights = new double[_groups];
        _groupCopies = new long[_groups];
        _groupCopySampler = new MultinomialSampler(_groups);
    }

    /// <summary>Layers with their own set-up cache.</summary>
    public int Layers => _tables.Layers;

    /// <summary>Routed experts.</summary>
    public int Experts { get; }

    /// <summary>True when tokens are limited to topk_group of the groups.</summary>
    public bool GroupLimited => _groups > 1 && _groupsPerToken < _groups;

    /// <summary>Group picks of the last grouped sample (how many tokens chose each group); empty when not grouped.</summary>
    public ReadOnlySpan<long> LastGroupPicks => GroupLimited ? _groupPicks : ReadOnlySpan<long>.Empty;

    /// <summary>Samples the counts of <paramref name="tokens"/> tokens over <paramref name="popularity"/> into <paramref name="counts"/>.</summary>
    public void Sample(ReadOnlySpan<double> popularity, long tokens, Span<long> counts) => Sample(0, popularity, tokens, counts);

    /// <summary>
    /// Samples the counts of <paramref name="tokens"/> tokens over <paramref name="popularity"/>, MoE layer
    /// <paramref name="layer"/>'s vector, into <paramref name="counts"/>. The layer picks the set-up cache only
    /// (layer modulo <see cref="Layers"/>): the draws are the same whichever cache serves them.
    /// </summary>
    public void Sample(int layer, ReadOnlySpan<double> popularity, long tokens, Span<long> counts)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(layer);
        var cache = layer % Layers;
        if (!GroupLimited)
        {
            _tables.PerLayer[cache].Sample(_random, tokens * _expertsPerToken, popularity, counts);
            return;
        }

        var size = Experts / _groups;
        for (var g = 0; g < _groups; g++)
        {
            double w = 0;
            foreach (var p in popularity.Slice(g * size, size))
            {
                w += p;
            }

            _groupWeights[g] = w;
        }

        _tables.GroupPicks[cache].Sample(_random, tokens * _groupsPerToken, _groupWeights, _groupPicks);
        for (var g = 0; g < _groups; g++)
        {
            _pickWeights[g] = _groupPicks[g];
        }

        _groupCopySampler.Sample(_random, tokens * _expertsPerToken, _pickWeights, _groupCopies);
        for (var g = 0; g < _groups; g++)
        {
            var slice = counts.Slice(g * size, size);
            if (_groupCopies[g] == 0 || _groupWeights[g] <= 0)
            {
                slice.Clear();
                continue;
            }

            _tables.WithinGroup[cache][g].Sample(_random, _groupCopies[g], popularity.Slice(g * size, size), slice);
        }
    }
}
