using System.Globalization;
using ClusterSim.Engine;
using ClusterSim.Scheduling;
using Parquet;
using Parquet.Schema;

namespace ClusterSim.Telemetry;

/// <summary>
/// Streams requests.parquet: the columns of requests.csv (<see cref="RequestsCsvWriter.Columns"/>, docs/traces.md)
/// with types — int64 counts and indices, double times, strings — and null where the CSV leaves a cell empty. Every
/// double is the value its CSV text parses to (times in seconds exact to the nanosecond, milliseconds rounded to three
/// decimals), so a run read from either format gives the same numbers. Rows are buffered one row group at a time.
/// </summary>
public sealed class RequestsParquetWriter : IRequestSink, IDisposable
{
    private static readonly DataField<long> Id = new("id", nullable: false);
    private static readonly DataField<string> Status = new("status", nullable: false);
    private static readonly DataField<double> Arrival = new("arrival_s", nullable: false);
    private static readonly DataField<double?> FirstToken = new("first_token_s", nullable: true);
    private static readonly DataField<double> Finish = new("finish_s", nullable: false);
    private static readonly DataField<long> InputTokens = new("input_tokens", nullable: false);
    private static readonly DataField<long> OutputTokens = new("output_tokens", nullable: false);
    private static readonly DataField<long> CachedPromptTokens = new("cached_prompt_tokens", nullable: false);
    private static readonly DataField<long> Preemptions = new("preemptions", nullable: false);
    private static readonly DataField<long> Instance = new("instance", nullable: false);
    private static readonly DataField<long> Rank = new("rank", nullable: false);
    private static readonly DataField<long> PrefillInstance = new("prefill_instance", nullable: false);
    private static readonly DataField<double?> Queue = new("queue_ms", nullable: true);
    private static readonly DataField<double?> DecodeReservationWait = new("decode_reservation_wait_ms", nullable: true);
    private static readonly DataField<double?> Ttft = new("ttft_ms", nullable: true);
    private static readonly DataField<double?> Tpot = new("tpot_ms", nullable: true);
    private static readonly DataField<double> E2e = new("e2e_ms", nullable: false);
    private static readonly DataField<string> DropReason = new("drop_reason", nullable: true);

    /// <summary>The file's schema: requests.csv's columns, in order, with their Parquet types.</summary>
    public static ParquetSchema Schema { get; } = new(
        Id, Status, Arrival, FirstToken, Finish, InputTokens, OutputTokens, CachedPromptTokens, Preemptions, Instance, Rank,
        PrefillInstance, Queue, DecodeReservationWait, Ttft, Tpot, E2e, DropReason);

    private readonly ParquetTable _table;
    private readonly ReportSeries? _report;
    private readonly long[] _id;
    private readonly string[] _status;
    private readonly double[] _arrival;
    private readonly double?[] _firstToken;
    private readonly double[] _finish;
    private readonly long[] _inputTokens;
    private readonly long[] _outputTokens;
    private readonly long[] _cachedPromptTokens;
    private readonly long[] _preemptions;
    private readonly long[] _instance;
    private readonly long[] _rank;
    private readonly long[] _prefillInstance;
    private readonly double?[] _queue;
    private readonly double?[] _decodeReservationWait;
    private readonly double?[] _ttft;
    private readonly double?[] _tpot;
    private readonly double[] _e2e;
    private readonly string?[] _dropReason;

    /// <summary>Writes to <paramref name="stream"/> (seekable; the caller owns the file and its atomic rename).</summary>
    /// <param name="stream">requests.parquet bytes.</param>
    /// <param name="report">Also keeps completed requests' TTFT and TPOT here for report.html, or null.</param>
    public RequestsParquetWriter(Stream stream, ReportSeries? report = null)
        : this(stream, report, ParquetTable.RowGroupRows)
    {
    }

    /// <summary>As the public constructor, with row groups of <paramref name="rowGroupRows"/> (tests use small ones).</summary>
    internal RequestsParquetWriter(Stream stream, ReportSeries? report, int rowGroupRows)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rowGroupRows, 1);
        _report = report;
        _id = new long[rowGroupRows];
        _status = new string[rowGroupRows];
        _arrival = new double[rowGroupRows];
        _firstToken = new double?[rowGroupRows];
        _finish = new double[rowGroupRows];
        _inputTokens = new long[rowGroupRows];
        _outputTokens = new long[rowGroupRows];
        _cachedPromptTokens = new long[rowGroupRows];
        _preemptions = new long[rowGroupRows];
        _instance = new long[rowGroupRows];
        _rank = new long[rowGroupRows];
        _prefillInstance = new long[rowGroupRows];
        _queue = new double?[rowGroupRows];
        _decodeReservationWait = new double?[rowGroupRows];
        _ttft = new double?[rowGroupRows];
        _tpot = new double?[rowGroupRows];
        _e2e = new double[rowGroupRows];
        _dropReason = new string?[rowGroupRows];
        _table = new ParquetTable(Schema, stream, rowGroupRows, WriteColumns);
    }

    /// <summary>Rows written (buffered rows included).</summary>
    public long Rows => _table.Rows;

    /// <inheritdoc />
    public void Write(RequestState request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var i = _table.Row;
        var completed = request.Phase == RequestPhase.Finished;
        _id[i] = request.Id;
        _status[i] = completed ? "completed" : "dropped";
        _arrival[i] = Seconds(request.Arrival);
        _firstToken[i] = request.FirstToken == SimTime.MaxValue ? null : Seconds(request.FirstToken);
        _finish[i] = Seconds(request.Finished);
        _inputTokens[i] = request.InputTokens;
        _outputTokens[i] = request.GeneratedTokens;
        _cachedPromptTokens[i] = request.CachedPromptTokens;
        _preemptions[i] = request.Preemptions;
        _instance[i] = request.Instance;
        _rank[i] = request.Rank;
        _prefillInstance[i] = request.PrefillInstance;
        _queue[i] = request.FirstScheduled == SimTime.MaxValue ? null : Ms(request.FirstScheduled - request.Arrival);
        _decodeReservationWait[i] = request.DecodeReserved == SimTime.MaxValue ? null : Ms(request.DecodeReserved - request.Arrival);
        var ttft = request.FirstToken == SimTime.MaxValue ? string.Empty : RequestsCsvWriter.Ms(request.FirstToken - request.Arrival);
        var tpot = RequestsCsvWriter.TpotText(request);
        _ttft[i] = Parsed(ttft);
        _tpot[i] = Parsed(tpot);
        if (completed)
        {
            _report?.AddCompleted(ttft, tpot);
        }

        _e2e[i] = Ms(request.Finished - request.Arrival);
        _dropReason[i] = request.DropReason;
        _table.EndRow();
    }

    /// <summary>Writes the rows still buffered and the footer; the stream then holds a complete file.</summary>
    public void Dispose() => _table.Dispose();

    private async Task WriteColumns(ParquetRowGroupWriter group, int n)
    {
        await group.WriteAsync(Id, ParquetTable.First(_id, n));
        await group.WriteAsync(Status, new ArraySegment<string>(_status, 0, n));
        await group.WriteAsync(Arrival, ParquetTable.First(_arrival, n));
        await group.WriteAsync(FirstToken, ParquetTable.First(_firstToken, n));
        await group.WriteAsync(Finish, ParquetTable.First(_finish, n));
        await group.WriteAsync(InputTokens, ParquetTable.First(_inputTokens, n));
        await group.WriteAsync(OutputTokens, ParquetTable.First(_outputTokens, n));
        await group.WriteAsync(CachedPromptTokens, ParquetTable.First(_cachedPromptTokens, n));
        await group.WriteAsync(Preemptions, ParquetTable.First(_preemptions, n));
        await group.WriteAsync(Instance, ParquetTable.First(_instance, n));
        await group.WriteAsync(Rank, ParquetTable.First(_rank, n));
        await group.WriteAsync(PrefillInstance, ParquetTable.First(_prefillInstance, n));
        await group.WriteAsync(Queue, ParquetTable.First(_queue, n));
        await group.WriteAsync(DecodeReservationWait, ParquetTable.First(_decodeReservationWait, n));
        await group.WriteAsync(Ttft, ParquetTable.First(_ttft, n));
        await group.WriteAsync(Tpot, ParquetTable.First(_tpot, n));
        await group.WriteAsync(E2e, ParquetTable.First(_e2e, n));
        await group.WriteAsync(DropReason, new ArraySegment<string>(_dropReason!, 0, n));

        // The strings of a written group are not kept alive until the next one overwrites them.
        Array.Clear(_status, 0, n);
        Array.Clear(_dropReason, 0, n);
    }

    // An exact count of nanoseconds over 1e9 is the double nearest the 9-decimal text requests.csv writes.
    private static double Seconds(SimTime t) => t.Nanoseconds / 1e9;

    // The milliseconds columns are rounded in text ("0.###"); parsing that text gives the CSV's value exactly.
    private static double Ms(SimDuration d) => double.Parse(RequestsCsvWriter.Ms(d), NumberStyles.Float, CultureInfo.InvariantCulture);

    private static double? Parsed(string text) => text.Length == 0 ? null : double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
}
