using System.Globalization;
using ClusterSim.Input;
using CsvHelper;

namespace ClusterSim.Regression;

/// <summary>The columns of one requests.csv row that a per-request comparison needs.</summary>
/// <param name="Id">Request id.</param>
/// <param name="Completed">True when the status is completed (false: dropped).</param>
/// <param name="ArrivalS">Arrival time text in seconds (compared as text: it is written exactly).</param>
/// <param name="InputTokens">Prompt length.</param>
/// <param name="TtftMs">Time to first token, NaN when none.</param>
/// <param name="E2eMs">End-to-end latency (to finish or drop).</param>
/// <param name="DropReason">Why it was dropped; empty otherwise.</param>
public sealed record RequestRow(long Id, bool Completed, string ArrivalS, int InputTokens, double TtftMs, double E2eMs, string DropReason);

/// <summary>How one request changed between the baseline and the candidate.</summary>
/// <param name="Id">Request id.</param>
/// <param name="Baseline">Its baseline row.</param>
/// <param name="Candidate">Its candidate row.</param>
public sealed record RequestDelta(long Id, RequestRow Baseline, RequestRow Candidate)
{
    /// <summary>Candidate minus baseline end-to-end latency, ms (positive: slower).</summary>
    public double E2eDeltaMs => Candidate.E2eMs - Baseline.E2eMs;

    /// <summary>Candidate minus baseline TTFT, ms; NaN when either has none.</summary>
    public double TtftDeltaMs => Candidate.TtftMs - Baseline.TtftMs;
}

/// <summary>
/// Per-request comparison of two requests.csv files joined by id: which requests got slower and by how much,
/// which completed in the baseline but were dropped in the candidate, and whether both runs saw the same arrivals
/// (they do when only the policy changed: the workload's random streams do not depend on it).
/// </summary>
/// <param name="Slowed">Requests completed in both runs whose end-to-end latency grew, most slowed first (ties by id).</param>
/// <param name="Faster">Requests completed in both whose end-to-end latency fell.</param>
/// <param name="Unchanged">Requests completed in both with the same latency.</param>
/// <param name="NewlyDropped">Completed in the baseline, dropped in the candidate, by id.</param>
/// <param name="NewlyCompleted">Dropped in the baseline, completed in the candidate.</param>
/// <param name="OnlyInBaseline">Ids present only in the baseline.</param>
/// <param name="OnlyInCandidate">Ids present only in the candidate.</param>
/// <param name="ArrivalsDiffer">Ids present in both whose arrival time or prompt length differ: the runs are not counterfactual.</param>
public sealed record RequestComparison(
    IReadOnlyList<RequestDelta> Slowed,
    int Faster,
    int Unchanged,
    IReadOnlyList<RequestDelta> NewlyDropped,
    int NewlyCompleted,
    int OnlyInBaseline,
    int OnlyInCandidate,
    int ArrivalsDiffer)
{
    /// <summary>Joins the two files by id.</summary>
    /// <exception cref="RegressionInputException">A file is missing or malformed.</exception>
    public static RequestComparison Compare(string baselineCsv, string candidateCsv) =>
        Compare(RequestsCsv.Load(baselineCsv), RequestsCsv.Load(candidateCsv));

    /// <summary>Joins two sets of rows by id.</summary>
    public static RequestComparison Compare(IReadOnlyDictionary<long, RequestRow> baseline, IReadOnlyDictionary<long, RequestRow> candidate)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(candidate);
        var slowed = new List<RequestDelta>();
        var newlyDropped = new List<RequestDelta>();
        int faster = 0, unchanged = 0, newlyCompleted = 0, onlyBase = 0, differ = 0;
        foreach (var (id, b) in baseline)
        {
            if (!candidate.TryGetValue(id, out var c))
            {
                onlyBase++;
                continue;
            }

            if (!string.Equals(b.ArrivalS, c.ArrivalS, StringComparison.Ordinal) || b.InputTokens != c.InputTokens)
            {
                differ++;
            }

            var delta = new RequestDelta(id, b, c);
            switch (b.Completed, c.Completed)
            {
                case (true, false):
                    newlyDropped.Add(delta);
                    break;
                case (false, true):
                    newlyCompleted++;
                    break;
                case (true, true) when delta.E2eDeltaMs > 0:
                    slowed.Add(delta);
                    break;
                case (true, true) when delta.E2eDeltaMs < 0:
                    faster++;
                    break;
                case (true, true):
                    unchanged++;
                    break;
            }
        }

        #pragma warning disable RS0030 // a count does not depend on order
        var onlyCandidate = candidate.Keys.Count(id => !baseline.ContainsKey(id));
        #pragma warning restore RS0030
        slowed.Sort((x, y) => y.E2eDeltaMs != x.E2eDeltaMs ? y.E2eDeltaMs.CompareTo(x.E2eDeltaMs) : x.Id.CompareTo(y.Id));
        newlyDropped.Sort((x, y) => x.Id.CompareTo(y.Id));
        return new RequestComparison(slowed, faster, unchanged, newlyDropped, newlyCompleted, onlyBase, onlyCandidate, differ);
    }
}

/// <summary>Reads requests.csv (columns in docs/traces.md) into rows by id.</summary>
public static class RequestsCsv
{
    private static readonly string[] Needed = ["id", "status", "arrival_s", "input_tokens", "ttft_ms", "e2e_ms", "drop_reason"];

    /// <summary>Loads a requests.csv file.</summary>
    /// <exception cref="RegressionInputException">The file is missing, lacks a column, or has a malformed row.</exception>
    public static IReadOnlyDictionary<long, RequestRow> Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new RegressionInputException($"{path}: file not found");
        }

        using var reader = new StreamReader(path);
        return Read(reader, path);
    }

    /// <summary>Reads requests.csv text; <paramref name="source"/> names it in errors.</summary>
    /// <exception cref="RegressionInputException">A column is missing or a row is malformed.</exception>
    public static IReadOnlyDictionary<long, RequestRow> Read(TextReader reader, string source)
    {
        ArgumentNullException.ThrowIfNull(reader);
        using var csv = CsvReader.Create(reader, CsvInput.Options(lineBreaksInQuotes: true), leaveOpen: true);
        var header = csv.Read() ? CsvInput.Fields(csv) : throw new RegressionInputException($"{source}: empty file, expected a requests.csv header");
        var missing = Needed.Where(n => !header.Contains(n, StringComparer.Ordinal)).ToList();
        if (missing.Count > 0)
        {
            throw new RegressionInputException($"{source}: not a requests.csv, missing column(s) {string.Join(", ", missing)}");
        }

        var at = Needed.Select(n => Array.IndexOf(header, n)).ToArray();
        var rows = new Dictionary<long, RequestRow>();
        while (csv.Read())
        {
            var line = csv.LineNumber;
            var f = CsvInput.Fields(csv);
            if (f.Length < header.Length)
            {
                throw new RegressionInputException($"{source}: line {line}: {f.Length} fields, the header has {header.Length}");
            }

            var id = Long(f[at[0]], "id", source, line);
            rows[id] = new RequestRow(
                id,
                string.Equals(f[at[1]], "completed", StringComparison.Ordinal),
                f[at[2]],
                (int)Long(f[at[3]], "input_tokens", source, line),
                Double(f[at[4]], "ttft_ms", source, line),
                Double(f[at[5]], "e2e_ms", source, line),
                f[at[6]]);
        }

        return rows;
    }

    private static long Long(string text, string column, string source, long line) =>
        long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v)
            ? v
            : throw new RegressionInputException($"{source}: line {line}: column {column} '{text}' is not a whole number");

    private static double Double(string text, string column, string source, long line)
    {
        if (text.Length == 0)
        {
            return double.NaN;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v)
            ? v
            : throw new RegressionInputException($"{source}: line {line}: column {column} '{text}' is not a number");
    }
}
