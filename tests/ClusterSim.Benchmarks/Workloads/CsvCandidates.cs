using System.Globalization;
using System.Text;
using ClusterSim.Workloads.Traces;
using CsvHelper;
using nietras.SeparatedValues;

namespace ClusterSim.Benchmarks.Workloads;

/// <summary>
/// The three ways of reading an Azure-format trace that issue 12 asked to compare. Each does the same work per row:
/// split the line, parse the wall-clock timestamp with <c>WallClock</c> and the two token counts, and sum them, so
/// the figures differ only by how the CSV is split.
/// </summary>
public static class CsvCandidates
{
    /// <summary>Writes an Azure 2024-format trace of <paramref name="rows"/> rows to <paramref name="path"/>.</summary>
    public static void WriteAzureTrace(string path, int rows)
    {
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false), 1 << 16);
        var start = new DateTime(2024, 5, 10, 0, 0, 0, DateTimeKind.Unspecified);
        writer.Write("TIMESTAMP,ContextTokens,GeneratedTokens\n");
        for (var i = 0; i < rows; i++)
        {
            var micros = i * 22_222L;
            writer.Write(string.Create(CultureInfo.InvariantCulture, $"{start.AddTicks(micros * 10):yyyy-MM-dd HH:mm:ss.ffffff}+00:00,{100 + (i % 4000)},{1 + (i % 300)}\n"));
        }
    }

    /// <summary>The hand reader: StreamReader.ReadLine and the span splitter the trace reader uses.</summary>
    public static long Hand(string path)
    {
        using var reader = new StreamReader(path, Encoding.UTF8, true, 1 << 16);
        _ = reader.ReadLine();
        Span<Range> fields = stackalloc Range[4];
        long sum = 0;
        while (reader.ReadLine() is { } line)
        {
            _ = HandSplit.Split(line, fields);
            sum += Row(line.AsSpan()[fields[0]], line.AsSpan()[fields[1]], line.AsSpan()[fields[2]]);
        }

        return sum;
    }

    /// <summary>CsvHelper 34's SIMD UTF-8 reader; fields decoded into a stack buffer (WallClock parses chars).</summary>
    public static long CsvHelperReader(string path)
    {
        using var reader = CsvReader.FromFile(path, CsvReaderOptions.Default);
        Span<char> timestamp = stackalloc char[64];
        Span<char> input = stackalloc char[32];
        Span<char> output = stackalloc char[32];
        long sum = 0;
        while (reader.Read())
        {
            var t = reader.GetChars(0, timestamp);
            var i = reader.GetChars(1, input);
            var o = reader.GetChars(2, output);
            sum += Row(timestamp[..t], input[..i], output[..o]);
        }

        return sum;
    }

    /// <summary>Sep: fields as spans over its own buffer.</summary>
    public static long Sep(string path)
    {
        using var reader = nietras.SeparatedValues.Sep.New(',').Reader(o => o with { HasHeader = true }).FromFile(path);
        long sum = 0;
        foreach (var row in reader)
        {
            sum += Row(row[0].Span, row[1].Span, row[2].Span);
        }

        return sum;
    }

    /// <summary>The production path: the Azure trace reader as the simulator runs it (line numbers, checks, blank rows).</summary>
    public static long TraceReader(string path)
    {
        using var reader = new AzureTraceReader(path, path);
        long sum = 0;
        while (reader.Read(out var row) != RowOutcome.End)
        {
            sum += (row.TimestampNanoseconds / 1_000_000) + row.InputTokens + row.OutputTokens;
        }

        return sum;
    }

    private static long Row(ReadOnlySpan<char> timestamp, ReadOnlySpan<char> input, ReadOnlySpan<char> output)
    {
        if (!WallClock.TryParseUnixNanoseconds(timestamp, out var nanoseconds)
            || !long.TryParse(input, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i)
            || !long.TryParse(output, NumberStyles.Integer, CultureInfo.InvariantCulture, out var o))
        {
            throw new InvalidDataException("bad row in the generated trace");
        }

        return (nanoseconds / 1_000_000) + i + o;
    }
}
