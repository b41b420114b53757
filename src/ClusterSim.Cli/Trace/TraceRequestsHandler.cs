using System.Globalization;
using ClusterSim.Cli.Commands;
using ClusterSim.Cli.Rendering;
using Spectre.Console;

namespace ClusterSim.Cli.Trace;

/// <summary><c>clustersim trace requests RUN_DIR [--where EXPR] [--sort COL] [--top N]</c>: filter and sort requests.csv.</summary>
public sealed class TraceRequestsHandler(CliConsole console) : IVerbHandler<TraceRequestsArguments>
{
    /// <summary>Columns shown, in order (the sort and filter columns are added when not among them).</summary>
    public static readonly string[] Shown =
        ["id", "status", "arrival_s", "input_tokens", "output_tokens", "instance", "preemptions", "queue_ms", "ttft_ms", "tpot_ms", "e2e_ms"];

    /// <inheritdoc />
    public Task<int> HandleAsync(TraceRequestsArguments arguments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var path = RunFolderFiles.Require(arguments.RunDirectory, "requests.csv");
        using var table = CsvTable.Open(path);
        var filter = arguments.Where is { } where ? RowFilter.Parse(where, table.Columns) : null;
        var sortColumn = -1;
        if (arguments.Sort is { } sort)
        {
            sortColumn = table.IndexOf(sort);
            if (sortColumn < 0)
            {
                throw new UserErrorException($"--sort {sort}: unknown column; requests.csv has: {string.Join(", ", table.Columns)}");
            }
        }

        var (rows, matched, total) = Select(table, filter, sortColumn, arguments.Top, cancellationToken);
        var columns = Shown.Where(c => table.IndexOf(c) >= 0).ToList();
        foreach (var extra in ExtraColumns(arguments, table))
        {
            if (!columns.Contains(extra))
            {
                columns.Add(extra);
            }
        }

        if (rows.Any(r => r[table.IndexOf("status")] == "dropped") && table.IndexOf("drop_reason") >= 0 && !columns.Contains("drop_reason"))
        {
            columns.Add("drop_reason");
        }

        var indices = columns.Select(table.IndexOf).ToArray();
        var numeric = columns.Where(c => c is not ("status" or "drop_reason")).ToHashSet(StringComparer.Ordinal);
        var arrival = table.IndexOf("arrival_s");
        console.Out.Write(SummaryTable.Columns(null, columns, rows.Select(r => (IReadOnlyList<string>)indices.Select(i => i == arrival ? Milliseconds(r[i]) : r[i]).ToArray()), numeric));
        var shown = rows.Count < matched ? $", {rows.Count} shown" : string.Empty;
        console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{matched} of {total} requests match{shown}"));
        return Task.FromResult(ExitCodes.Success);
    }

    /// <summary>
    /// Rows of <paramref name="table"/> matching <paramref name="filter"/>, sorted by a column (largest first) or, without
    /// one, in arrival order (requests.csv is written in completion order), and cut to <paramref name="top"/>.
    /// </summary>
    public static (List<string[]> Rows, long Matched, long Total) Select(CsvTable table, RowFilter? filter, int sortColumn, int? top, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        // Arrival order is the smallest arrival_s first: the same ranking as "largest first" on the negated time.
        var byArrival = sortColumn < 0;
        var column = byArrival ? table.IndexOf("arrival_s") : sortColumn;
        double Key(string[] row) => column < 0 ? 0 : byArrival ? -SortKey(row[column]) : SortKey(row[column]);
        long matched = 0, total = 0;
        var kept = new List<string[]>();
        // With --top only the best N are kept: a min-heap on the key, ties broken by file order.
        var heap = top is { } n ? new PriorityQueue<string[], (double Key, long Order)>(n + 1) : null;
        foreach (var row in table.Rows())
        {
            total++;
            if ((total & 0xFFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            if (filter is not null && !filter.Matches(row))
            {
                continue;
            }

            matched++;
            if (heap is not null)
            {
                heap.Enqueue(row, (Key(row), -total));
                if (heap.Count > top!.Value)
                {
                    heap.Dequeue();
                }
            }
            else
            {
                kept.Add(row);
            }
        }

        if (heap is not null)
        {
            while (heap.Count > 0)
            {
                kept.Add(heap.Dequeue());
            }

            kept.Reverse();
        }
        else
        {
            // OrderByDescending is stable: equal keys keep file order.
            kept = [.. kept.OrderByDescending(Key)];
        }

        return (kept, matched, total);
    }

    /// <summary>Seconds to the millisecond: requests.csv writes instants to the nanosecond, too wide for a table.</summary>
    internal static string Milliseconds(string seconds)
    {
        var value = CsvTable.Number(seconds);
        return double.IsNaN(value) ? seconds : value.ToString("0.000", CultureInfo.InvariantCulture);
    }

    // Empty cells (no TTFT for a dropped request) sort after every number; text columns sort by nothing.
    private static double SortKey(string cell)
    {
        var value = CsvTable.Number(cell);
        return double.IsNaN(value) ? double.NegativeInfinity : value;
    }

    private static IEnumerable<string> ExtraColumns(TraceRequestsArguments arguments, CsvTable table)
    {
        if (arguments.Sort is { } sort)
        {
            yield return sort;
        }

        if (arguments.Where is { } where)
        {
            foreach (var column in table.Columns)
            {
                if (where.Contains(column, StringComparison.Ordinal))
                {
                    yield return column;
                }
            }
        }
    }
}
