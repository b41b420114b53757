using System.Text;

namespace ClusterSim.Sweeps;

/// <summary>
/// sweep.csv: one row per point ordered by index; columns point, id, each parameter, then the union of metric names
/// in first-seen order. A pure function of the rows, so serial, parallel and merged sweeps write the same bytes.
/// </summary>
public static class SweepTable
{
    /// <summary>The file name inside a sweep folder.</summary>
    public const string FileName = "sweep.csv";

    /// <summary>The CSV text ("\n" line ends, RFC 4180 quoting where needed).</summary>
    public static string ToCsv(IReadOnlyList<SweepParameter> parameters, IReadOnlyList<SweepRow> rows)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(rows);
        var ordered = rows.OrderBy(r => r.Manifest.Point.Index).ToArray();
        var columns = new List<string>();
        var known = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in ordered)
        {
            foreach (var (name, _) in row.Metrics)
            {
                if (known.Add(name))
                {
                    columns.Add(name);
                }
            }
        }

        var csv = new StringBuilder();
        var header = new[] { "point", "id" }.Concat(parameters.Select(p => p.KeyPath)).Concat(columns);
        csv.Append(string.Join(',', header.Select(Escape))).Append('\n');
        foreach (var row in ordered)
        {
            var point = row.Manifest.Point;
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (name, value) in row.Metrics)
            {
                values.TryAdd(name, value);
            }

            var cells = new List<string>
            {
                point.Index.ToString(System.Globalization.CultureInfo.InvariantCulture),
                point.Id,
            };
            cells.AddRange(parameters.Select(p => point.ValueOf(p.KeyPath)));
            cells.AddRange(columns.Select(c => values.TryGetValue(c, out var v) ? v : string.Empty));
            csv.Append(string.Join(',', cells.Select(Escape))).Append('\n');
        }

        return csv.ToString();
    }

    private static string Escape(string cell) =>
        cell.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : cell;
}
