using System.Globalization;
using ClusterSim.Hardware;
using ClusterSim.Input;
using CsvHelper;

namespace ClusterSim.Kernels;

/// <summary>
/// Reads one kernel table, <c>&lt;class&gt;.csv</c>, strictly: the header must be exactly the class's columns, every
/// row must carry its class, a known format, positive shape keys, at least one of time_us, tflops and gbps, and a
/// source, table and date. Lines starting with '#' are comments. Every problem is one <see cref="InputException"/>
/// line naming the file, the row (file line) and column, what is wrong and what is allowed.
/// </summary>
public static class KernelTableReader
{
    private static readonly string[] Figures = ["time_us", "tflops", "gbps"];

    private static readonly string[] Provenance = ["source", "table", "date"];

    /// <summary>The header a class's file must have, in order.</summary>
    public static IReadOnlyList<string> Header(KernelClass kernel) =>
        [.. new[] { "class", "format" }, .. kernel.HasLink() ? new[] { "link" } : [], .. kernel.Keys(), .. Figures, .. Provenance];

    /// <summary>Reads a table; the class comes from the file name.</summary>
    /// <exception cref="InputException">For an unknown file name or any malformed content.</exception>
    public static KernelTable Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var name = Path.GetFileNameWithoutExtension(path);
        if (!KernelClasses.TryParse(name, out var kernel))
        {
            throw new InputException(path, "", $"'{name}' is not a kernel class; the file name must be one of {KernelClasses.AcceptedNames} (.csv)");
        }

        using var text = new StreamReader(path);
        return new KernelTable(kernel, ReadRows(path, kernel, text));
    }

    private static List<KernelRow> ReadRows(string path, KernelClass kernel, TextReader text)
    {
        var options = new CsvReaderOptions
        {
            CommentPrefix = '#',
            TrimWhitespace = true,
            TrackLineNumbers = true,
            MalformedData = CsvMalformedDataHandling.Throw,
            FormatProvider = CultureInfo.InvariantCulture,
        };
        using var csv = CsvReader.Create(text, options, leaveOpen: true);
        var header = Header(kernel);
        var rows = new List<KernelRow>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        try
        {
            csv.ReadHeader();
            if (!csv.Headers.SequenceEqual(header, StringComparer.Ordinal))
            {
                var got = csv.Headers.Count == 0 ? "nothing" : string.Join(",", csv.Headers);
                throw new InputException(path, "header", $"the columns are '{got}'; a {kernel.FileName()} table has exactly '{string.Join(",", header)}'");
            }

            while (csv.Read())
            {
                var fields = Enumerable.Range(0, csv.FieldCount).Select(csv.GetString).ToArray();
                var row = new RowText(path, (int)csv.LineNumber, header, fields);
                var parsed = Parse(kernel, row);
                var identity = $"{parsed.Format}/{parsed.Link}/{parsed.ShapeText}";
                if (seen.TryGetValue(identity, out var first))
                {
                    throw new InputException(path, $"row {row.Line}", $"the shape {parsed.ShapeText} ({parsed.Format.Name()}) repeats row {first}; each shape appears once per format and link");
                }

                seen[identity] = row.Line;
                rows.Add(parsed);
            }
        }
        catch (CsvFormatException e)
        {
            throw new InputException(path, $"row {e.LineNumber}", "not readable as CSV (malformed quoting); write plain comma-separated values, quoting fields that hold commas", e);
        }

        return rows;
    }

    private static KernelRow Parse(KernelClass kernel, RowText row)
    {
        if (row.Fields.Length != row.Header.Count)
        {
            throw new InputException(row.File, $"row {row.Line}", $"has {row.Fields.Length} fields; the header has {row.Header.Count}");
        }

        if (row.Get("class") != kernel.FileName())
        {
            throw row.Error("class", $"'{row.Get("class")}' does not match the file; this file holds only '{kernel.FileName()}'");
        }

        if (!DataTypes.TryParse(row.Get("format"), out var format))
        {
            throw row.Error("format", $"'{row.Get("format")}' is not a number format; allowed: {DataTypes.AcceptedNames}");
        }

        var link = kernel.HasLink() ? ParseLink(row) : KernelLink.None;
        var shape = kernel.Keys().Select(k => row.Number(k, required: true)).ToArray();
        var time = row.Number("time_us", required: false);
        var tflops = row.Number("tflops", required: false);
        var gbps = row.Number("gbps", required: false);
        if (double.IsNaN(time) && double.IsNaN(tflops) && double.IsNaN(gbps))
        {
            throw row.Error("time_us", "the row has no figure; give at least one of time_us, tflops, gbps");
        }

        // A rate converts to the time the benchmark measured through the class's own FLOP count, and back.
        var flops = kernel.Flops(shape);
        if (double.IsNaN(time) && !double.IsNaN(tflops) && !double.IsNaN(flops))
        {
            time = flops / (tflops * 1e12) * 1e6;
        }
        else if (double.IsNaN(tflops) && !double.IsNaN(time) && !double.IsNaN(flops))
        {
            tflops = flops / (time * 1e-6) / 1e12;
        }

        foreach (var column in Provenance)
        {
            if (string.IsNullOrWhiteSpace(row.Get(column)))
            {
                throw row.Error(column, "is empty; every row names its source (repository or URL, file, commit), the table heading and the date");
            }
        }

        return new KernelRow(kernel, format, link, shape, time, tflops, gbps, row.Get("source"), row.Get("table"), row.Get("date"), row.Line);
    }

    private static KernelLink ParseLink(RowText row) => row.Get("link") switch
    {
        "nvlink" => KernelLink.NvLink,
        "rdma" => KernelLink.Rdma,
        var other => throw row.Error("link", $"'{other}' is not a link; allowed: nvlink, rdma"),
    };

    private sealed record RowText(string File, int Line, IReadOnlyList<string> Header, string[] Fields)
    {
        public string Get(string column) => Fields[Index(column)];

        public InputException Error(string column, string problem) => new(File, $"row {Line}, column {column}", problem);

        // Shape keys and figures are plain positive invariant-culture numbers; an empty figure means "not published".
        public double Number(string column, bool required)
        {
            var text = Get(column);
            if (text.Length == 0 && !required)
            {
                return double.NaN;
            }

            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value) || value <= 0 && column != "causal")
            {
                throw Error(column, $"'{text}' is not a positive number; write it plainly in the column's unit (a dot for decimals){(required ? "" : ", or leave it empty")}");
            }

            return value;
        }

        private int Index(string column)
        {
            for (var i = 0; i < Header.Count; i++)
            {
                if (Header[i] == column)
                {
                    return i;
                }
            }

            throw new InvalidOperationException($"column {column} is not in the header");
        }
    }
}
