namespace ClusterSim.Input;

/// <summary>Suggests the valid name closest to a misspelt one ("bandwith" → "bandwidth").</summary>
public static class NearestName
{
    /// <summary>
    /// The candidate with the smallest case-insensitive edit distance to <paramref name="given"/>, or null when
    /// even the nearest needs more edits than a third of the longer name (then it is not a typo but a different word).
    /// </summary>
    public static string? Suggest(string given, IEnumerable<string> candidates)
    {
        ArgumentNullException.ThrowIfNull(given);
        ArgumentNullException.ThrowIfNull(candidates);
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            var distance = Levenshtein(given.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        if (best is null)
        {
            return null;
        }

        var allowed = Math.Max(2, Math.Max(given.Length, best.Length) / 3);
        return bestDistance <= allowed ? best : null;
    }

    /// <summary>" did you mean 'x'?" (with a leading space) or an empty string, for writing after a semicolon.</summary>
    public static string DidYouMean(string given, IEnumerable<string> candidates) =>
        Suggest(given, candidates) is { } match ? $" did you mean '{match}'?" : string.Empty;

    /// <summary>Edit distance: insertions, deletions and substitutions, each costing one.</summary>
    public static int Levenshtein(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j] + 1, current[j - 1] + 1));
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
