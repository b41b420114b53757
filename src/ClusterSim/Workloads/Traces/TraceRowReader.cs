using System.Globalization;
using ClusterSim.Input;

namespace ClusterSim.Workloads.Traces;

/// <summary>What one physical row of a trace turned out to be.</summary>
internal enum RowOutcome
{
    /// <summary>A usable request.</summary>
    Request,

    /// <summary>Malformed; the reader's <see cref="TraceRowReader.Problem"/> says why.</summary>
    BadRow,

    /// <summary>Well formed but generated no tokens (BurstGPT's failed requests): skipped and counted.</summary>
    ZeroOutput,

    /// <summary>No more rows.</summary>
    End,
}

/// <summary>One parsed trace row; the timestamp is absolute nanoseconds in the trace's own clock.</summary>
internal readonly record struct TraceRow(long Row, long TimestampNanoseconds, int InputTokens, int OutputTokens, ulong[]? PrefixBlockHashes);

/// <summary>
/// Reads a trace file line by line (never the whole file) and parses one row at a time. Structural problems
/// (missing file, empty file, missing columns) throw; a bad row is returned as an outcome so that the caller's
/// policy decides.
/// </summary>
internal abstract class TraceRowReader : IDisposable
{
    private const int BufferBytes = 1 << 16;
    private readonly FileStream _stream;
    private StreamReader? _lines;

    protected TraceRowReader(string openPath, string displayName)
    {
        DisplayName = displayName;
        try
        {
            _stream = new FileStream(openPath, FileMode.Open, FileAccess.Read, FileShare.Read, BufferBytes, FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new InputException(displayName, string.Empty, $"trace file not found (looked for '{Path.GetFullPath(openPath)}')", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException(displayName, string.Empty, $"cannot open the trace file: {e.Message}", e);
        }
    }

    /// <summary>The file as the user named it, for messages.</summary>
    public string DisplayName { get; }

    /// <summary>Line number (1-based, header included) of the row last read.</summary>
    public long Row { get; protected set; }

    /// <summary>Why the last row was bad (valid after <see cref="RowOutcome.BadRow"/>).</summary>
    public string Problem { get; protected set; } = string.Empty;

    /// <summary>Parses the next non-blank row.</summary>
    public abstract RowOutcome Read(out TraceRow row);

    /// <summary>The opened file, for readers that parse bytes themselves (the CSV formats); use it or <see cref="ReadLine"/>, not both.</summary>
    protected Stream Input => _stream;

    /// <summary>The next line, or null at the end of the file (line formats such as JSONL).</summary>
    protected string? ReadLine()
    {
        _lines ??= new StreamReader(_stream, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true, BufferBytes);
        var line = _lines.ReadLine();
        if (line is not null)
        {
            Row++;
        }

        return line;
    }

    /// <summary>Records a bad-row reason and returns the outcome, to keep parsers terse.</summary>
    protected RowOutcome Bad(string problem)
    {
        Problem = problem;
        return RowOutcome.BadRow;
    }

    /// <summary>Checks token counts shared by every format: input &gt;= 1, output &gt;= 0 (0 is a failed request).</summary>
    protected RowOutcome CheckTokens(string inputName, long input, string outputName, long output)
    {
        if (input < 1 || input > int.MaxValue)
        {
            return Bad($"{inputName} is {input.ToString(CultureInfo.InvariantCulture)}; must be an integer >= 1");
        }

        if (output < 0 || output > int.MaxValue)
        {
            return Bad($"{outputName} is {output.ToString(CultureInfo.InvariantCulture)}; must be an integer >= 0");
        }

        return output == 0 ? RowOutcome.ZeroOutput : RowOutcome.Request;
    }

    /// <summary>Parses a token count written as an integer (or as a float with no fraction, "512.0").</summary>
    protected static bool TryParseCount(ReadOnlySpan<char> text, out long value)
    {
        text = text.Trim().Trim('"');
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value))
        {
            return true;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d)
            && d == Math.Floor(d) && Math.Abs(d) < 1e15)
        {
            value = (long)d;
            return true;
        }

        return false;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Release();
        _lines?.Dispose();
        _stream.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases what a derived reader opened over <see cref="Input"/>.</summary>
    protected virtual void Release()
    {
    }
}
