using ClusterSim.Regression;

namespace ClusterSim.Cli.Compare;

/// <summary>One baseline/candidate pair to compare: a run, or one point of a sweep.</summary>
/// <param name="Label">The sweep point's folder name; empty for a single run.</param>
/// <param name="BaselineSummary">The baseline's summary JSON.</param>
/// <param name="CandidateSummary">The candidate's summary JSON.</param>
/// <param name="BaselineRequests">The baseline's requests.csv, or null when the input was a summary file.</param>
/// <param name="CandidateRequests">The candidate's requests.csv, or null.</param>
public sealed record ComparedPair(string Label, string BaselineSummary, string CandidateSummary, string? BaselineRequests, string? CandidateRequests);

/// <summary>
/// Turns compare's BASE and CAND into pairs: two run folders (summary.json, requests.csv), two summary files (such as a
/// golden result), or two sweep folders whose point subfolders are paired by name.
/// </summary>
public static class ComparedPairs
{
    /// <summary>The summary file of a run folder.</summary>
    public const string SummaryFile = "summary.json";

    /// <summary>The per-request file of a run folder.</summary>
    public const string RequestsFile = "requests.csv";

    /// <summary>Resolves the pairs.</summary>
    /// <exception cref="RegressionInputException">A path is missing, holds no run, or the two sweeps have different points.</exception>
    public static IReadOnlyList<ComparedPair> Resolve(string baseline, string candidate)
    {
        var b = Describe(baseline, "BASE");
        var c = Describe(candidate, "CAND");
        if (b.Points is null && c.Points is null)
        {
            return [new ComparedPair(string.Empty, b.Summary!, c.Summary!, b.Requests, c.Requests)];
        }

        if (b.Points is null || c.Points is null)
        {
            throw new RegressionInputException($"cannot compare a single run with a sweep: {(b.Points is null ? baseline : candidate)} is one run, {(b.Points is null ? candidate : baseline)} holds sweep points");
        }

        var onlyBase = b.Points.Keys.Except(c.Points.Keys, StringComparer.Ordinal).ToList();
        var onlyCand = c.Points.Keys.Except(b.Points.Keys, StringComparer.Ordinal).ToList();
        if (onlyBase.Count > 0 || onlyCand.Count > 0)
        {
            throw new RegressionInputException($"the sweeps have different points: only in {baseline}: [{string.Join(", ", onlyBase)}]; only in {candidate}: [{string.Join(", ", onlyCand)}]");
        }

        return [.. b.Points.Keys.Order(StringComparer.Ordinal).Select(name =>
            new ComparedPair(name, Path.Combine(b.Points[name], SummaryFile), Path.Combine(c.Points[name], SummaryFile), RequestsOf(b.Points[name]), RequestsOf(c.Points[name])))];
    }

    private static (string? Summary, string? Requests, Dictionary<string, string>? Points) Describe(string path, string role)
    {
        if (File.Exists(path))
        {
            return (path, null, null);
        }

        if (!Directory.Exists(path))
        {
            throw new RegressionInputException($"{role} '{path}': no such run folder or summary file");
        }

        var summary = Path.Combine(path, SummaryFile);
        if (File.Exists(summary))
        {
            return (summary, RequestsOf(path), null);
        }

        var points = Directory.EnumerateDirectories(path)
            .Where(d => File.Exists(Path.Combine(d, SummaryFile)))
            .ToDictionary(d => Path.GetFileName(d)!, d => d, StringComparer.Ordinal);
        return points.Count > 0
            ? (null, null, points)
            : throw new RegressionInputException($"{role} '{path}': no {SummaryFile} in it, and no sweep point folders holding one");
    }

    private static string? RequestsOf(string folder)
    {
        var requests = Path.Combine(folder, RequestsFile);
        return File.Exists(requests) ? requests : null;
    }
}
