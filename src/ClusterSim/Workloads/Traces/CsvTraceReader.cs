using System.Globalization;
using ClusterSim.Input;

namespace ClusterSim.Workloads.Traces;

/// <summary>
/// A CSV trace with a header naming the timestamp, input-token and output-token columns (in any order, extra
/// columns ignored). Fields are split by hand on the span of each line: several times faster than a general
/// CSV parser, and the traces we read quote nothing that matters (quoted fields are still tolerated).
/// </summary>
internal abstract class CsvTraceReader : TraceRowReader
{
    private readonly string _timestampColumn;
    private readonly string _inputColumn;
    private readonly string _outputColumn;
    private readonly int _timestampIndex;
    private readonly int _inputIndex;
    private readonly int _outputIndex;
    private readonly Range[] _fields;
    private readonly int _requiredFields;

    protected CsvTraceReader(string openPath, string displayName, string expectedHeader, string timestampColumn, string inputColumn, string outputColumn)
        : base(openPath, displayName)
    {
        _timestampColumn = timestampColumn;
        _inputColumn = inputColumn;
        _outputColumn = outputColumn;
        string? header;
        do
        {
            header = ReadLine();
        }
        while (header is not null && string.IsNullOrWhiteSpace(header));

        if (header is null)
        {
            Dispose();
            throw new InputException(displayName, string.Empty, $"the file is empty; expected the header line '{expectedHeader}' followed by one row per request");
        }

        var names = new Range[256];
        var count = Split(header, names);
        var columns = new string[count];
        for (var i = 0; i < count; i++)
        {
            columns[i] = header.AsSpan()[names[i]].Trim().Trim('"').ToString();
        }

        int Find(string column)
        {
            var index = Array.FindIndex(columns, c => string.Equals(c, column, StringComparison.OrdinalIgnoreCase));
            if (index < 0)
            {
                Dispose();
                throw new InputException(displayName, $"column '{column}'", $"missing from the header (row {Row.ToString(CultureInfo.InvariantCulture)}: '{Truncate(header)}'); expected header '{expectedHeader}'");
            }

            return index;
        }

        _timestampIndex = Find(timestampColumn);
        _inputIndex = Find(inputColumn);
        _outputIndex = Find(outputColumn);
        _requiredFields = Math.Max(_timestampIndex, Math.Max(_inputIndex, _outputIndex)) + 1;
        _fields = new Range[_requiredFields + 1];
    }

    /// <summary>Parses the timestamp field into absolute nanoseconds; false with a reason when it is not one.</summary>
    protected abstract bool TryParseTimestamp(ReadOnlySpan<char> text, out long nanoseconds, out string problem);

    /// <inheritdoc />
    public override RowOutcome Read(out TraceRow row)
    {
        row = default;
        string? line;
        do
        {
            line = ReadLine();
        }
        while (line is not null && string.IsNullOrWhiteSpace(line));

        if (line is null)
        {
            return RowOutcome.End;
        }

        var count = Split(line, _fields);
        if (count < _requiredFields)
        {
            return Bad($"has {count.ToString(CultureInfo.InvariantCulture)} fields; expected at least {_requiredFields.ToString(CultureInfo.InvariantCulture)} matching the header");
        }

        var span = line.AsSpan();
        if (!TryParseTimestamp(span[_fields[_timestampIndex]].Trim().Trim('"'), out var timestamp, out var problem))
        {
            return Bad($"column '{_timestampColumn}': {problem}");
        }

        if (!TryParseCount(span[_fields[_inputIndex]], out var input))
        {
            return Bad($"column '{_inputColumn}': '{Truncate(span[_fields[_inputIndex]].ToString())}' is not an integer token count");
        }

        if (!TryParseCount(span[_fields[_outputIndex]], out var output))
        {
            return Bad($"column '{_outputColumn}': '{Truncate(span[_fields[_outputIndex]].ToString())}' is not an integer token count");
        }

        var outcome = CheckTokens($"column '{_inputColumn}'", input, $"column '{_outputColumn}'", output);
        row = new TraceRow(Row, timestamp, (int)Math.Clamp(input, 0, int.MaxValue), (int)Math.Clamp(output, 0, int.MaxValue), null);
        return outcome;
    }

    /// <summary>
    /// Splits a CSV line into field ranges (quotes kept, doubled quotes allowed inside quoted fields); returns the
    /// number of fields, counting those beyond <paramref name="fields"/>' capacity without storing them.
    /// </summary>
    internal static int Split(string line, Span<Range> fields)
    {
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

    /// <summary>Shortens echoed input so one error stays one readable line.</summary>
    internal static string Truncate(string text)
    {
        var shown = text.Length <= 60 ? text : text[..57] + "...";
        return string.Create(shown.Length, shown, static (chars, s) =>
        {
            for (var i = 0; i < s.Length; i++)
            {
                chars[i] = char.IsControl(s[i]) ? '?' : s[i];
            }
        });
    }
}
