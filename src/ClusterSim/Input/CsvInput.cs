using System.Text;
using CsvHelper;

namespace ClusterSim.Input;

/// <summary>
/// The one CSV reading path: every CSV the simulator reads (Azure and BurstGPT traces, expert histograms,
/// requests.csv for the regression suite, the CLI's digests of requests.csv and timeseries.csv) goes through
/// CsvHelper's streaming UTF-8 reader with these options. Chosen by measurement on a 1,000,000-row Azure trace
/// against the hand-written splitter it replaced and against Sep: docs/performance.md, "Reading CSV".
/// </summary>
/// <remarks>
/// The header is read as an ordinary record (<c>HasHeader = false</c>) so that each reader keeps its own one-line
/// messages about missing columns; line numbers are tracked so that messages can name the physical row.
/// </remarks>
public static class CsvInput
{
    /// <summary>
    /// Options shared by every reader: comma separated, RFC 4180 quoting, header read by the caller, line numbers on.
    /// </summary>
    /// <param name="lineBreaksInQuotes">
    /// False for files with one record per line (traces, histograms): a stray quote then spoils one row, not the rest of the file.
    /// </param>
    /// <param name="skipEmptyLines">Whether completely empty lines are passed over.</param>
    /// <param name="commentPrefix">A character that starts a comment line, or null.</param>
    public static CsvReaderOptions Options(bool lineBreaksInQuotes, bool skipEmptyLines = true, char? commentPrefix = null) => new()
    {
        Separator = ',',
        HasHeader = false,
        Mode = CsvMode.Rfc4180,
        AllowLineBreaksInQuotes = lineBreaksInQuotes,
        SkipEmptyLines = skipEmptyLines,
        CommentPrefix = commentPrefix,
        TrackLineNumbers = true,
    };

    /// <summary>Whether the current record is a line of spaces only (read as one blank field).</summary>
    public static bool IsBlank(CsvReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return reader.FieldCount == 1 && reader.GetRawSpan(0).Trim(" \t"u8).IsEmpty;
    }

    /// <summary>The current record as the file has it (quotes kept), for echoing in messages.</summary>
    public static string RawText(CsvReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return Encoding.UTF8.GetString(reader.RawRecord);
    }

    /// <summary>Every field of the current record as a fresh string array (callers may keep it).</summary>
    public static string[] Fields(CsvReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var fields = new string[reader.FieldCount];
        for (var i = 0; i < fields.Length; i++)
        {
            fields[i] = reader.GetString(i);
        }

        return fields;
    }

    /// <summary>Splits one CSV line into its unquoted fields (RFC 4180: "a, b" and doubled quotes inside quotes).</summary>
    public static string[] SplitLine(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        using var reader = CsvReader.FromText(line, Options(lineBreaksInQuotes: false, skipEmptyLines: false));
        return reader.Read() ? Fields(reader) : [string.Empty];
    }

    /// <summary>
    /// Field <paramref name="index"/> decoded into <paramref name="buffer"/> (grown when too small), without a
    /// string: the trace readers parse millions of fields and keep none.
    /// </summary>
    public static ReadOnlySpan<char> Chars(CsvReader reader, int index, ref char[] buffer)
    {
        ArgumentNullException.ThrowIfNull(reader);
        // UTF-8 never takes fewer bytes than UTF-16 takes chars, so the raw byte length bounds the decoded length.
        var bound = reader.GetRawSpan(index).Length;
        if (buffer.Length < bound)
        {
            buffer = new char[Math.Max(bound, buffer.Length * 2)];
        }

        return buffer.AsSpan(0, reader.GetChars(index, buffer));
    }
}
