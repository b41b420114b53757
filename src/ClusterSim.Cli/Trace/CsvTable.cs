using System.Globalization;
using System.Text;

namespace ClusterSim.Cli.Trace;

/// <summary>Streams the rows of a CSV file with a header (requests.csv, timeseries.csv) without holding the file in memory.</summary>
public sealed class CsvTable : IDisposable
{
    private readonly StreamReader _reader;
    private readonly StringBuilder _field = new();
    private readonly List<string> _record = [];

    private CsvTable(string path, StreamReader reader, string[] columns)
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
        var reader = new StreamReader(path);
        var table = new CsvTable(path, reader, []);
        if (table.ReadRecord() is not { Length: > 0 } header)
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
        while (ReadRecord() is { } record)
        {
            line++;
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

    /// <summary>Reads one RFC 4180 record: fields split by commas, "quoted" fields may hold commas, quotes ("") and line breaks.</summary>
    private string[]? ReadRecord()
    {
        var line = _reader.ReadLine();
        if (line is null)
        {
            return null;
        }

        _record.Clear();
        _field.Clear();
        var quoted = false;
        while (true)
        {
            for (var i = 0; i < line.Length; i++)
            {
                var c = line[i];
                if (quoted)
                {
                    if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                    {
                        _field.Append('"');
                        i++;
                    }
                    else if (c == '"')
                    {
                        quoted = false;
                    }
                    else
                    {
                        _field.Append(c);
                    }
                }
                else if (c == '"')
                {
                    quoted = true;
                }
                else if (c == ',')
                {
                    _record.Add(_field.ToString());
                    _field.Clear();
                }
                else
                {
                    _field.Append(c);
                }
            }

            if (!quoted || _reader.ReadLine() is not { } next)
            {
                break;
            }

            _field.Append('\n');
            line = next;
        }

        _record.Add(_field.ToString());
        return [.. _record];
    }
}
