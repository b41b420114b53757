using Spectre.Console;

namespace ClusterSim.Cli.Rendering;

/// <summary>Builds the tables the verbs print: key/value summaries and multi-column listings.</summary>
/// <remarks>Cells are plain text (markup characters are escaped); numbers arrive already formatted in invariant culture.</remarks>
public static class SummaryTable
{
    /// <summary>A two-column table of named values, in the given order.</summary>
    public static Table KeyValue(string? title, IEnumerable<KeyValuePair<string, string>> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var table = NewTable(title);
        table.AddColumn(new TableColumn("Metric"));
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
        foreach (var header in headers)
        {
            var column = new TableColumn(Markup.Escape(header));
            table.AddColumn(rightAligned?.Contains(header) == true ? column.RightAligned() : column);
        }

        var rowNumber = 0;
        foreach (var row in rows)
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
