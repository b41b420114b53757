using System.Globalization;
using ClusterSim.Input;
using CsvHelper;

namespace ClusterSim.Cli.Trace;

/// <summary>
/// Streams the rows of a CSV file with a header (requests.csv, timeseries.csv) without holding the file in memory,
/// through the one CSV reading path (<see cref="CsvInput"/>).
/// </summary>
public sealed class CsvTable : IDisposable
{
    private readonly CsvReader _reader;

    private CsvTable(string path, CsvReader reader, string[] columns)
    {
        Path = path;
        _reader = reader;
        Columns = columns;
    }

    /// <summary>The file read.</summary>
    public string Path { get; }

    /// <summary>Column names from the header, in order.</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>Opens <paramref name="path"/> and reads its header; an empty file is a user error.</summary>
    public static CsvTable Open(string path)
    {
        // Blank lines are kept as records so that a damaged file is reported, not silently shortened.
        var reader = CsvReader.FromFile(path, CsvInput.Options(lineBreaksInQuotes: true, skipEmptyLines: false));
        if (!reader.Read() || CsvInput.Fields(reader) is not { Length: > 0 } header)
        {
            reader.Dispose();
            throw new UserErrorException($"{path}: empty file; expected a header row");
        }

        return new CsvTable(path, reader, header);
    }
    /// <summary>Index of <paramref name="column"/>, or -1.</summary>
    public int IndexOf(string column)
    {
        for (var i = 0; i < Columns.Count; i++)
        {
            if (string.Equals(Columns[i], column, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The data rows in file order; each array is fresh (callers may keep it).</summary>
    public IEnumerable<string[]> Rows()
    {
        var line = 1;
        while (_reader.Read())
        {
            line++;
            var record = CsvInput.Fields(_reader);
            if (record.Length != Columns.Count)
            {
                throw new UserErrorException($"{Path}: row {line} has {record.Length} fields for {Columns.Count} columns");
            }

            yield return record;
        }
    }

    /// <summary>Parses a numeric cell; empty cells are NaN (a request without a first token has no TTFT).</summary>
    public static double Number(string cell) =>
        cell.Length > 0 && double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : double.NaN;

    /// <inheritdoc />
    public void Dispose() => _reader.Dispose();
}
