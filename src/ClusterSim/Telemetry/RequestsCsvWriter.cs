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
        _csv.WriteField(Int(request.Id));
        _csv.WriteField(completed ? "completed" : "dropped");
        _csv.WriteField(Seconds(request.Arrival));
        _csv.WriteField(request.FirstToken == SimTime.MaxValue ? string.Empty : Seconds(request.FirstToken));
        _csv.WriteField(Seconds(request.Finished));
        _csv.WriteField(Int(request.InputTokens));
        _csv.WriteField(Int(request.GeneratedTokens));
        _csv.WriteField(Int(request.CachedPromptTokens));
        _csv.WriteField(Int(request.Preemptions));
        _csv.WriteField(Int(request.Instance));
        _csv.WriteField(Int(request.Rank));
        _csv.WriteField(Int(request.PrefillInstance));
        _csv.WriteField(request.FirstScheduled == SimTime.MaxValue ? string.Empty : Ms(request.FirstScheduled - request.Arrival));
        _csv.WriteField(request.DecodeReserved == SimTime.MaxValue ? string.Empty : Ms(request.DecodeReserved - request.Arrival));
        var ttft = request.FirstToken == SimTime.MaxValue ? string.Empty : Ms(request.FirstToken - request.Arrival);
        var tpot = TpotText(request);
        _csv.WriteField(ttft);
        _csv.WriteField(tpot);
        if (completed)
        {
            _report?.AddCompleted(ttft, tpot);
        }

        _csv.WriteField(Ms(request.Finished - request.Arrival));
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

    // Nanosecond-exact instants as seconds with 9 decimals: deterministic text, no rounding surprises.
    private static string Seconds(SimTime t) => (t.Nanoseconds / 1_000_000_000L).ToString(CultureInfo.InvariantCulture) + "." + (t.Nanoseconds % 1_000_000_000L).ToString("D9", CultureInfo.InvariantCulture);

    private static string Int(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A duration's text in the *_ms columns: milliseconds to three decimals, trailing zeros trimmed.</summary>
    internal static string Ms(SimDuration d) => d.TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture);
}
