namespace ClusterSim.Regression;

/// <summary>How a case's golden summary changed when it was regenerated.</summary>
/// <param name="Case">The case.</param>
/// <param name="File">The baseline file.</param>
/// <param name="Status">new, changed or unchanged.</param>
/// <param name="Metrics">The compared metrics whose value changed (no gates; for review).</param>
/// <param name="OtherLines">Other lines that changed, as "- old" / "+ new" pairs, at most a few dozen.</param>
public sealed record BaselineChange(RegressionCase Case, string File, string Status, IReadOnlyList<MetricDelta> Metrics, IReadOnlyList<string> OtherLines);

/// <summary>Regenerates the golden summaries of a suite and reports what changed, for review before committing.</summary>
public static class BaselineUpdate
{
    /// <summary>Lines of non-metric differences kept per case.</summary>
    public const int MaxOtherLines = 40;

    /// <summary>Runs every case (names resolved in <paramref name="catalog"/>), rewrites its baseline when it differs (unless <paramref name="dryRun"/>), and returns the changes.</summary>
    public static IReadOnlyList<BaselineChange> Run(RegressionSuite suite, Input.Catalog catalog, bool dryRun, IProgress<RegressionCase>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(suite);
        var changes = new List<BaselineChange>();
        Directory.CreateDirectory(suite.BaselinesDirectory);
        foreach (var c in suite.Cases)
        {
            progress?.Report(c);
            var fresh = RegressionRunner.Run(c, catalog).BaselineJson;
            var file = suite.BaselineFile(c);
            var change = Diff(c, file, File.Exists(file) ? File.ReadAllText(file) : null, fresh);
            if (!dryRun && change.Status != "unchanged")
            {
                File.WriteAllText(file, fresh);
            }

            changes.Add(change);
        }

        return changes;
    }

    /// <summary>Compares an old baseline text (null when none) with a fresh one.</summary>
    public static BaselineChange Diff(RegressionCase regressionCase, string file, string? old, string fresh)
    {
        ArgumentNullException.ThrowIfNull(fresh);
        if (old is null)
        {
            return new BaselineChange(regressionCase, file, "new", [], []);
        }

        if (string.Equals(old.ReplaceLineEndings("\n"), fresh, StringComparison.Ordinal))
        {
            return new BaselineChange(regressionCase, file, "unchanged", [], []);
        }

        var comparison = RunComparison.Compare(SummaryMetrics.Parse(old, file), SummaryMetrics.Parse(fresh, "(fresh run)"), []);
        var metrics = comparison.Metrics.Where(m => !SameValue(m.Baseline, m.Candidate)).ToList();
        var oldLines = old.ReplaceLineEndings("\n").Split('\n');
        var newLines = fresh.Split('\n');
        var other = new List<string>();
        if (oldLines.Length != newLines.Length)
        {
            other.Add($"(structure changed: {oldLines.Length} lines before, {newLines.Length} after)");
        }
        else
        {
            for (var i = 0; i < oldLines.Length && other.Count < MaxOtherLines; i++)
            {
                if (!string.Equals(oldLines[i], newLines[i], StringComparison.Ordinal))
                {
                    other.Add("- " + oldLines[i].Trim());
                    other.Add("+ " + newLines[i].Trim());
                }
            }
        }

        return new BaselineChange(regressionCase, file, "changed", metrics, other);
    }

    private static bool SameValue(double a, double b) => a.Equals(b);
}
