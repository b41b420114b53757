using ClusterSim.Engine.Random;

namespace ClusterSim.Experts;

/// <summary>
/// The expert-load statistics an EPLB placement is planned from before the run: per-expert token copies drawn from a
/// layer's popularity over a finite number of observed tokens, as an offline profile of real traffic counts them.
/// EPLB then balances what the profile saw, not the true popularity, so its residual imbalance is whatever the
/// finite window leaves (hot experts under-counted, cold ones over-counted).
/// </summary>
/// <remarks>
/// The copies are one multinomial over the popularity (tokens × top-k draws). Group-limited routing changes how a
/// token's copies are correlated, not each expert's expected share, so the profile ignores the grouping. Nothing is
/// allocated per call; the draws come only from the stream given, so the rest of the run is unaffected.
/// </remarks>
public sealed class EplbLoadProfile
{
    private readonly RandomStream _random;
    private readonly long[] _counts;
    private readonly long _copies;

    /// <summary>
    /// A profile of <paramref name="tokens"/> observed tokens, each routed to <paramref name="expertsPerToken"/> of
    /// <paramref name="experts"/> experts, drawn from <paramref name="random"/>.
    /// </summary>
    public EplbLoadProfile(long tokens, int expertsPerToken, int experts, RandomStream random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(tokens, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(expertsPerToken, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(experts, 1);
        ArgumentNullException.ThrowIfNull(random);
        Tokens = tokens;
        _copies = checked(tokens * expertsPerToken);
        _random = random;
        _counts = new long[experts];
    }

    /// <summary>Tokens observed per layer.</summary>
    public long Tokens { get; }

    /// <summary>Writes into <paramref name="load"/> the copies each expert received in the window, drawn from <paramref name="popularity"/>.</summary>
    public void Observe(ReadOnlySpan<double> popularity, Span<double> load)
    {
        if (popularity.Length != _counts.Length || load.Length < _counts.Length)
        {
            throw new ArgumentException($"the profile covers {_counts.Length} experts; the popularity has {popularity.Length}");
        }

        _random.Multinomial(_copies, popularity, _counts);
        for (var e = 0; e < _counts.Length; e++)
        {
            load[e] = _counts[e];
        }
    }
}
