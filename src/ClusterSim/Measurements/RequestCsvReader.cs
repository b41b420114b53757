using System.Globalization;
using ClusterSim.Input;
using CsvHelper;

namespace ClusterSim.Measurements;

/// <summary>
/// Reads a plain per-request CSV, the format for any harness ClusterSim has no reader for. The header is exactly the
/// five columns <c>arrival_s,input_tokens,output_tokens,ttft_ms,e2e_ms</c> (in any order); one row per request:
/// when it was sent (seconds from any origin), its prompt and generated tokens, and its time to first token and
/// end-to-end latency in milliseconds. A failed request leaves <c>ttft_ms</c> and <c>e2e_ms</c> empty. Lines starting
/// with '#' are comments. Every figure (throughput, percentiles) is derived from the rows with the harnesses' formulas.
/// </summary>
public static class RequestCsvReader
{
    /// <summary>The column names, in the order documented.</summary>
    public static readonly IReadOnlyList<string> Columns = ["arrival_s", "input_tokens", "output_tokens", "ttft_ms", "e2e_ms"];

    /// <summary>Reads <paramref name="path"/>.</summary>
    /// <exception cref="InputException">Missing file, a bad header, or a bad row (named "row N", the file's line number).</exception>
    public static MeasuredRun Read(string path)
    {
        MeasurementFiles.ReadText(path); // the same missing-file and directory messages as the other formats
        var requests = new List<MeasuredRequest>();
        int[]? index = null;
        using var csv = CsvReader.FromFile(path, CsvInput.Options(lineBreaksInQuotes: false, commentPrefix: '#'));
        while (csv.Read())
        {
            var cells = CsvInput.Fields(csv);
            if (CsvInput.IsBlank(csv) || cells[0].TrimStart().StartsWith('#'))
            {
                continue;
            }

            var row = $"row {csv.LineNumber.ToString(CultureInfo.InvariantCulture)}";
            if (index is null)
            {
                index = Header(path, row, cells);
                continue;
            }

            if (cells.Length != Columns.Count)
            {
                throw new InputException(path, row, $"has {cells.Length} cells; expected {Columns.Count} ({string.Join(",", Columns)})");
            }

            var arrival = Number(path, row, cells[index[0]], "arrival_s", "seconds", required: true)!.Value;
            var input = Tokens(path, row, cells[index[1]], "input_tokens", minimum: 1);
            var output = Tokens(path, row, cells[index[2]], "output_tokens", minimum: 0);
            var ttft = Number(path, row, cells[index[3]], "ttft_ms", "ms", required: false);
            var e2e = Number(path, row, cells[index[4]], "e2e_ms", "ms", required: false);
            if (ttft is null != e2e is null)
            {
                throw new InputException(path, row, "has only one of ttft_ms and e2e_ms; give both (a finished request) or neither (a failed one)");
            }

            if (e2e < ttft)
            {
                throw new InputException(path, $"{row}: e2e_ms", $"is {PythonJson.Text(e2e!.Value)}, below ttft_ms {PythonJson.Text(ttft!.Value)}; the last token cannot come before the first");
            }

            requests.Add(new MeasuredRequest(arrival, input, output, ttft, e2e, ttft is not null));
        }

        if (index is null || requests.Count == 0)
        {
            throw new InputException(path, string.Empty, $"holds no requests; expected the header '{string.Join(",", Columns)}' and one row per request");
        }

        var harness = HarnessSettings.Unknown with { Prompts = requests.Count };
        return new MeasuredRun(path, MeasurementFormat.Csv, 1, harness, BenchmarkFigures.None, requests);
    }

    private static int[] Header(string path, string row, string[] cells)
    {
        var names = cells.Select(c => c.Trim()).ToArray();
        foreach (var name in names)
        {
            if (!Columns.Contains(name, StringComparer.Ordinal))
            {
                throw new InputException(path, row, $"header has unknown column '{name}'; the columns are exactly {string.Join(",", Columns)}");
            }
        }

        return Columns.Select(c =>
        {
            var at = Array.IndexOf(names, c);
            return at >= 0 && Array.LastIndexOf(names, c) == at
                ? at
                : throw new InputException(path, row, $"header {(at < 0 ? "lacks" : "repeats")} column '{c}'; the columns are exactly {string.Join(",", Columns)}");
        }).ToArray();
    }

    private static double? Number(string path, string row, string cell, string column, string unit, bool required)
    {
        var text = cell.Trim();
        if (text.Length == 0 && !required)
        {
            return null;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) && value >= 0
            ? value
            : throw new InputException(path, $"{row}: {column}", $"is '{text}'; expected a finite number of {unit} (>= 0){(required ? string.Empty : ", or empty for a failed request")}");
    }

    private static int Tokens(string path, string row, string cell, string column, int minimum)
    {
        var text = cell.Trim();
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= minimum
            ? value
            : throw new InputException(path, $"{row}: {column}", $"is '{text}'; expected a whole number of tokens (>= {minimum})");
    }
}
