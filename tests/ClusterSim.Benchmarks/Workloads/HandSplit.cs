namespace ClusterSim.Benchmarks.Workloads;

/// <summary>
/// The hand-written splitter the trace reader used before CsvHelper replaced it (issue 12), kept here only as the
/// baseline of <see cref="CsvParserBenchmarks"/> so the measurement in docs/performance.md can be repeated.
/// </summary>
public static class HandSplit
{
    /// <summary>Splits a CSV line into field ranges (quotes kept); returns the number of fields.</summary>
    public static int Split(string line, Span<Range> fields)
    {
        ArgumentNullException.ThrowIfNull(line);
        var count = 0;
        var start = 0;
        var i = 0;
        var inQuotes = false;
        for (; i < line.Length; i++)
        {
            var c = line[i];
            if (c == '"')
            {
                inQuotes = !inQuotes;
            }
            else if (c == ',' && !inQuotes)
            {
                if (count < fields.Length)
                {
                    fields[count] = new Range(start, i);
                }

                count++;
                start = i + 1;
            }
        }

        if (count < fields.Length)
        {
            fields[count] = new Range(start, i);
        }

        return count + 1;
    }
}
