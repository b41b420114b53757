using System.Globalization;
using ClusterSim.Input;
using CsvHelper;

namespace ClusterSim.Workloads.Traces;

/// <summary>
/// A CSV trace with a header naming the timestamp, input-token and output-token columns (in any order, extra
/// columns ignored). Rows stream through the one CSV reading path (<see cref="CsvInput"/>); fields are decoded into a
/// reused buffer and parsed as spans, so a row allocates nothing.
/// </summary>
internal abstract class CsvTraceReader : TraceRowReader
{
    private readonly CsvReader _csv;
    private readonly string _timestampColumn;
    private readonly string _inputColumn;
    private readonly string _outputColumn;
    private readonly string _inputName;
    private readonly string _outputName;
    private readonly int _timestampIndex;
    private readonly int _inputIndex;
    private readonly int _outputIndex;
    private readonly int _requiredFields;
    private char[] _chars = new char[64];

    protected CsvTraceReader(string openPath, string displayName, string expectedHeader, string timestampColumn, string inputColumn, string outputColumn)
        : base(openPath, displayName)
    {
        _timestampColumn = timestampColumn;
        _inputColumn = inputColumn;
        _outputColumn = outputColumn;
        // Built once: interpolating them per row was most of what a row allocated.
        _inputName = $"column '{inputColumn}'";
        _outputName = $"column '{outputColumn}'";
        _csv = CsvReader.Create(Input, CsvInput.Options(lineBreaksInQuotes: false), leaveOpen: true);
        if (!NextRecord())
        {
            Dispose();
            throw new InputException(displayName, string.Empty, $"the file is empty; expected the header line '{expectedHeader}' followed by one row per request");
        }

        var columns = CsvInput.Fields(_csv).Select(c => c.Trim()).ToArray();
        var header = CsvInput.RawText(_csv);

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
    }

    /// <summary>Parses the timestamp field into absolute nanoseconds; false with a reason when it is not one.</summary>
    protected abstract bool TryParseTimestamp(ReadOnlySpan<char> text, out long nanoseconds, out string problem);

    /// <inheritdoc />
    public override RowOutcome Read(out TraceRow row)
    {
        row = default;
        if (!NextRecord())
        {
            return RowOutcome.End;
        }

        var count = _csv.FieldCount;
        if (count < _requiredFields)
        {
            return Bad($"has {count.ToString(CultureInfo.InvariantCulture)} fields; expected at least {_requiredFields.ToString(CultureInfo.InvariantCulture)} matching the header");
        }

        if (!TryParseTimestamp(CsvInput.Chars(_csv, _timestampIndex, ref _chars).Trim(), out var timestamp, out var problem))
        {
            return Bad($"column '{_timestampColumn}': {problem}");
        }

        if (!TryParseCount(CsvInput.Chars(_csv, _inputIndex, ref _chars), out var input))
        {
            return Bad($"column '{_inputColumn}': '{Truncate(_csv.GetString(_inputIndex))}' is not an integer token count");
        }

        if (!TryParseCount(CsvInput.Chars(_csv, _outputIndex, ref _chars), out var output))
        {
            return Bad($"column '{_outputColumn}': '{Truncate(_csv.GetString(_outputIndex))}' is not an integer token count");
        }

        var outcome = CheckTokens(_inputName, input, _outputName, output);
        row = new TraceRow(Row, timestamp, (int)Math.Clamp(input, 0, int.MaxValue), (int)Math.Clamp(output, 0, int.MaxValue), null);
        return outcome;
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

    /// <inheritdoc />
    protected override void Release() => _csv?.Dispose();

    /// <summary>Moves to the next record that is not blank, keeping <see cref="TraceRowReader.Row"/> on its line.</summary>
    private bool NextRecord()
    {
        while (_csv.Read())
        {
            Row = _csv.LineNumber;
            if (!CsvInput.IsBlank(_csv))
            {
                return true;
            }
        }

        return false;
    }
}
