using System.Globalization;
using ClusterSim.Engine;
using ClusterSim.Scheduling;
using CsvHelper;

namespace ClusterSim.Telemetry;

/// <summary>
/// Streams requests.csv: one row per request in the order requests finish (or are dropped), so memory stays
/// bounded however long the run. Columns are documented in docs/traces.md.
/// </summary>
public sealed class RequestsCsvWriter : IRequestSink, IDisposable
{
    /// <summary>Column names, in order.</summary>
    public static readonly string[] Columns =
    [
        "id", "status", "arrival_s", "first_token_s", "finish_s", "input_tokens", "output_tokens", "cached_prompt_tokens",
        "preemptions", "instance", "rank", "prefill_instance", "queue_ms", "decode_reservation_wait_ms", "ttft_ms", "tpot_ms", "e2e_ms", "drop_reason",
    ];

    private readonly CsvWriter _csv;
    private readonly ReportSeries? _report;
    private readonly char[] _field = new char[64];
    private readonly char[] _ttft = new char[64];
    private readonly char[] _tpot = new char[64];

    /// <summary>Writes to <paramref name="writer"/> (the caller owns the file and its atomic rename).</summary>
    /// <param name="writer">requests.csv text.</param>
    /// <param name="report">Also keeps completed requests' TTFT and TPOT here for report.html, or null.</param>
    public RequestsCsvWriter(TextWriter writer, ReportSeries? report = null)
    {
        _report = report;
        _csv = CsvWriter.Create(writer, new CsvWriterOptions { NewLine = "\n", FormatProvider = CultureInfo.InvariantCulture }, leaveOpen: true);
        foreach (var column in Columns)
        {
            _csv.WriteField(column);
        }

        _csv.EndRecord();
    }

    /// <summary>Rows written.</summary>
    public long Rows { get; private set; }

    /// <inheritdoc />
    public void Write(RequestState request)
    {
        var completed = request.Phase == RequestPhase.Finished;
        WriteInt(request.Id);
        _csv.WriteField(completed ? "completed" : "dropped");
        WriteSeconds(request.Arrival);
        if (request.FirstToken == SimTime.MaxValue)
        {
            _csv.WriteField(string.Empty);
        }
        else
        {
            WriteSeconds(request.FirstToken);
        }

        WriteSeconds(request.Finished);
        WriteInt(request.InputTokens);
        WriteInt(request.GeneratedTokens);
        WriteInt(request.CachedPromptTokens);
        WriteInt(request.Preemptions);
        WriteInt(request.Instance);
        WriteInt(request.Rank);
        WriteInt(request.PrefillInstance);
        _csv.WriteField(request.FirstScheduled == SimTime.MaxValue ? [] : Ms(request.FirstScheduled - request.Arrival, _field));
        _csv.WriteField(request.DecodeReserved == SimTime.MaxValue ? [] : Ms(request.DecodeReserved - request.Arrival, _field));
        var ttft = request.FirstToken == SimTime.MaxValue ? [] : Ms(request.FirstToken - request.Arrival, _ttft);
        var tpot = completed && request.GeneratedTokens > 1 ? Ms(ServingMetrics.TpotMs(request), _tpot) : [];
        _csv.WriteField(ttft);
        _csv.WriteField(tpot);
        if (completed)
        {
            _report?.AddCompleted(ttft, tpot);
        }

        _csv.WriteField(Ms(request.Finished - request.Arrival, _field));
        _csv.WriteField(request.DropReason ?? string.Empty);
        _csv.EndRecord();
        Rows++;
    }

    /// <summary>Flushes buffered rows.</summary>
    public void Flush() => _csv.Flush();

    /// <inheritdoc />
    public void Dispose() => _csv.Dispose();

    /// <summary>The tpot_ms text of a request: empty unless it completed with more than one output token.</summary>
    internal static string TpotText(RequestState request) =>
        request.Phase == RequestPhase.Finished && request.GeneratedTokens > 1 ? ServingMetrics.TpotMs(request).ToString("0.###", CultureInfo.InvariantCulture) : string.Empty;

    // Numbers are formatted into these buffers and written as spans: a row allocates no strings (it made about 25).
    // Nanosecond-exact instants as seconds with 9 decimals: deterministic text, no rounding surprises.
    private void WriteSeconds(SimTime t)
    {
        var span = _field.AsSpan();
        (t.Nanoseconds / 1_000_000_000L).TryFormat(span, out var n, default, CultureInfo.InvariantCulture);
        span[n++] = '.';
        (t.Nanoseconds % 1_000_000_000L).TryFormat(span[n..], out var m, "D9", CultureInfo.InvariantCulture);
        _csv.WriteField(span[..(n + m)]);
    }

    private void WriteInt(long value)
    {
        value.TryFormat(_field, out var n, default, CultureInfo.InvariantCulture);
        _csv.WriteField(_field.AsSpan(0, n));
    }

    private static ReadOnlySpan<char> Ms(SimDuration d, char[] buffer) => Ms(d.TotalMilliseconds, buffer);

    private static ReadOnlySpan<char> Ms(double ms, char[] buffer)
    {
        // A value too long for the buffer (only absurd durations) is formatted the allocating way.
        return ms.TryFormat(buffer, out var n, "0.###", CultureInfo.InvariantCulture)
            ? buffer.AsSpan(0, n)
            : ms.ToString("0.###", CultureInfo.InvariantCulture);
    }

    /// <summary>A duration's text in the *_ms columns: milliseconds to three decimals, trailing zeros trimmed.</summary>
    internal static string Ms(SimDuration d) => d.TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture);
}
