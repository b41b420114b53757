namespace ClusterSim.Input;

/// <summary>
/// The one rule for names a user types (a model, an accelerator, a scenario): exact, ignoring case and surrounding
/// blanks, or refused with the nearest name and the whole list. Never a prefix match: "h20" is a real chip, not the H200.
/// </summary>
public static class CatalogName
{
    /// <summary>The catalog's spelling of <paramref name="given"/>; throws when it is not exactly one of <paramref name="names"/>.</summary>
    /// <param name="given">What the user typed.</param>
    /// <param name="names">The names allowed.</param>
    /// <param name="kind">What is named ("model", "hardware"), for the message.</param>
    /// <param name="file">The file (or command) the name came from, for the message.</param>
    /// <param name="keyPath">Where in that file, or empty.</param>
    /// <exception cref="InputException">Unknown or empty name.</exception>
    public static string Resolve(string given, IReadOnlyList<string> names, string kind, string file, string keyPath)
    {
        ArgumentNullException.ThrowIfNull(given);
        ArgumentNullException.ThrowIfNull(names);
        var trimmed = given.Trim();
        var exact = trimmed.Length == 0 ? null : names.FirstOrDefault(n => n.Equals(trimmed, StringComparison.OrdinalIgnoreCase));
        if (exact is not null)
        {
            return exact;
        }

        var known = names.Count == 0 ? "none" : string.Join(", ", names);
        var problem = trimmed.Length == 0
            ? $"empty {kind} name; allowed: {known}"
            : $"unknown {kind} '{given}';{NearestName.DidYouMean(trimmed, names)} allowed: {known}";
        throw new InputException(file, keyPath, problem);
    }

    /// <summary>True when <paramref name="text"/> names a file rather than a catalog entry (a separator or one of the extensions).</summary>
    public static bool LooksLikePath(string text, params string[] extensions)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(extensions);
        return text.Contains('/', StringComparison.Ordinal) || text.Contains('\\', StringComparison.Ordinal)
            || extensions.Any(e => text.EndsWith(e, StringComparison.OrdinalIgnoreCase));
    }
}
