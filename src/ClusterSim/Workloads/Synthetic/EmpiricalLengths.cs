using System.Globalization;
using ClusterSim.Workloads.Traces;
using ClusterSim.Input;

namespace ClusterSim.Workloads.Synthetic;

/// <summary>Loads the observations of an empirical length distribution (held in memory: 4 bytes per value).</summary>
internal static class EmpiricalLengths
{
    /// <summary>The observed lengths; problems throw <see cref="InputException"/> naming the file and row.</summary>
    public static int[] Load(EmpiricalLengthsSpec spec, string? baseDirectory)
    {
        var openPath = baseDirectory is null ? spec.Path : Path.Combine(baseDirectory, spec.Path);
        return spec.Format is { } format ? FromTrace(spec, format, baseDirectory) : FromLengthsFile(spec.Path, openPath);
    }

    private static int[] FromTrace(EmpiricalLengthsSpec spec, TraceFormat format, string? baseDirectory)
    {
        var values = new List<int>();
        using var source = TraceRequestSource.Open(new TraceWorkloadSpec(spec.Path, format), baseDirectory);
        while (source.TryNext(out var request))
        {
            values.Add(spec.Column == TokenColumn.Input ? request.InputTokens : request.OutputTokens);
        }

        return [.. values];
    }

    private static int[] FromLengthsFile(string displayName, string openPath)
    {
        var values = new List<int>();
        StreamReader reader;
        try
        {
            reader = new StreamReader(openPath);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new InputException(displayName, string.Empty, $"lengths file not found (looked for '{Path.GetFullPath(openPath)}')", e);
        }

        using (reader)
        {
            long row = 0;
            while (reader.ReadLine() is { } line)
            {
                row++;
                var text = line.AsSpan().Trim();
                if (text.IsEmpty || text[0] == '#')
                {
                    continue;
                }

                if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var tokens) || tokens < 1)
                {
                    // One header line (a column name) is allowed before the first value.
                    if (values.Count == 0 && row == 1 && !char.IsAsciiDigit(text[0]))
                    {
                        continue;
                    }

                    throw new InputException(displayName, $"row {row.ToString(CultureInfo.InvariantCulture)}", $"'{CsvTraceReader.Truncate(line)}' is not a token count; expected one integer >= 1 per line");
                }

                values.Add(tokens);
            }
        }

        if (values.Count == 0)
        {
            throw new InputException(displayName, string.Empty, "the lengths file holds no values; expected one integer >= 1 per line");
        }

        return [.. values];
    }
}
