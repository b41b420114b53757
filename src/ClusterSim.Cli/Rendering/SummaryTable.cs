using Spectre.Console;

namespace ClusterSim.Cli.Rendering;

/// <summary>Builds the tables the verbs print: key/value summaries and multi-column listings.</summary>
/// <remarks>
/// Cells are plain text (markup characters are escaped); numbers arrive already formatted in invariant culture.
/// Number columns never wrap: a figure split over two lines ("17906.98" over "4") reads as two numbers, so when
/// space runs out the text columns wrap instead.
/// </remarks>
public static class SummaryTable
{
    /// <summary>A two-column table of named values, in the given order.</summary>
    public static Table KeyValue(string? title, IEnumerable<KeyValuePair<string, string>> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var table = NewTable(title);
        // Keys are short labels and never wrap; a value may be long text (a folder path), so it wraps at spaces rather
        // than squeezing the key column to one character.
        table.AddColumn(new TableColumn("Metric").NoWrap());
        table.AddColumn(new TableColumn("Value").RightAligned());
        foreach (var (key, value) in rows)
        {
            table.AddRow(Markup.Escape(key), Markup.Escape(value));
        }

        return table;
    }

    /// <summary>A table with the given headers; columns whose header is in <paramref name="rightAligned"/> align right (numbers).</summary>
    public static Table Columns(
        string? title,
        IReadOnlyList<string> headers,
        IEnumerable<IReadOnlyList<string>> rows,
        IReadOnlySet<string>? rightAligned = null)
    {
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(rows);
        var table = NewTable(title);
        var cells = rows.ToList();
        for (var c = 0; c < headers.Count; c++)
        {
            var header = headers[c];
            var column = new TableColumn(Markup.Escape(header));
            var numeric = rightAligned?.Contains(header) == true || (cells.Count > 0 && cells.All(r => c >= r.Count || IsNumber(r[c])));
            table.AddColumn(numeric ? column.RightAligned().NoWrap() : column);
        }

        var rowNumber = 0;
        foreach (var row in cells)
        {
            rowNumber++;
            if (row.Count != headers.Count)
            {
                throw new ArgumentException($"row {rowNumber} has {row.Count} cells for {headers.Count} columns", nameof(rows));
            }

            table.AddRow(row.Select(Markup.Escape).ToArray());
        }

        return table;
    }

    /// <summary>A number as the verbs format them (digits, sign, separators, a unit suffix such as % or x), or empty.</summary>
    private static bool IsNumber(string cell) =>
        cell.Length == 0 || (cell.Any(char.IsAsciiDigit) && cell.All(ch => char.IsAsciiDigit(ch) || ch is '.' or ',' or '-' or '+' or '%' or 'x' or 'e' or ' '));

    private static Table NewTable(string? title)
    {
        var table = new Table().Border(TableBorder.Rounded);
        if (!string.IsNullOrEmpty(title))
        {
            table.Title = new TableTitle(Markup.Escape(title));
        }

        return table;
    }
}
