using Parquet;
using Parquet.Schema;

namespace ClusterSim.Telemetry;

/// <summary>
/// Writes timeseries rows as timeseries.parquet: the columns of timeseries.csv (<see cref="TimeseriesWriter.Columns"/>,
/// docs/traces.md) with types — double shares and rates, int64 counts and bytes, strings — and instance null on pool
/// rows, where the CSV leaves it empty. Every value is the one the CSV text parses to (<see cref="TableDecimals"/>).
/// Rows are buffered one row group at a time; <see cref="Dispose"/> completes the file.
/// </summary>
internal sealed class TimeseriesParquetRows : ITimeseriesRowSink, IDisposable
{
    private static readonly DataField<double> Time = new("time_s", nullable: false);
    private static readonly DataField<string> Scope = new("scope", nullable: false);
    private static readonly DataField<string> Pool = new("pool", nullable: false);
    private static readonly DataField<long?> Instance = new("instance", nullable: true);
    private static readonly DataField<double> Busy = new("busy", nullable: false);
    private static readonly DataField<double> Compute = new("compute_busy", nullable: false);
    private static readonly DataField<double> Memory = new("hbm_busy", nullable: false);
    private static readonly DataField<double> Communication = new("communication", nullable: false);
    private static readonly DataField<double> Imbalance = new("imbalance", nullable: false);
    private static readonly DataField<double> KvMax = new("kv_max", nullable: false);
    private static readonly DataField<double> KvMean = new("kv_mean", nullable: false);
    private static readonly DataField<double> BatchTokens = new("batch_tokens", nullable: false);
    private static readonly DataField<long> Running = new("running", nullable: false);
    private static readonly DataField<long> Queued = new("queued", nullable: false);
    private static readonly DataField<double> OutputTokensPerSecond = new("output_tokens_per_s", nullable: false);
    private static readonly DataField<long> ScaleUpBytes = new("scale_up_bytes", nullable: false);
    private static readonly DataField<double> ScaleUpBusy = new("scale_up_busy", nullable: false);
    private static readonly DataField<long> ScaleOutBytes = new("scale_out_bytes", nullable: false);
    private static readonly DataField<double> ScaleOutBusy = new("scale_out_busy", nullable: false);

    /// <summary>The file's schema: timeseries.csv's columns, in order, with their Parquet types.</summary>
    public static ParquetSchema Schema { get; } = new(
        Time, Scope, Pool, Instance, Busy, Compute, Memory, Communication, Imbalance, KvMax, KvMean, BatchTokens, Running,
        Queued, OutputTokensPerSecond, ScaleUpBytes, ScaleUpBusy, ScaleOutBytes, ScaleOutBusy);

    private const int Shares = 7; // busy .. kv_mean, 4 decimals each

    private readonly ParquetTable _table;
    private readonly double[] _time;
    private readonly string[] _scope;
    private readonly string[] _pool;
    private readonly long?[] _instance;
    private readonly double[][] _shares;
    private readonly double[] _batchTokens;
    private readonly long[] _running;
    private readonly long[] _queued;
    private readonly double[] _outputTokensPerSecond;
    private readonly long[] _scaleUpBytes;
    private readonly double[] _scaleUpBusy;
    private readonly long[] _scaleOutBytes;
    private readonly double[] _scaleOutBusy;

    /// <summary>Starts the file on <paramref name="stream"/> (seekable; the caller owns it and its rename).</summary>
    /// <param name="stream">timeseries.parquet bytes.</param>
    /// <param name="rowGroupRows">Rows per row group (tests use small ones).</param>
    public TimeseriesParquetRows(Stream stream, int rowGroupRows = ParquetTable.RowGroupRows)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rowGroupRows, 1);
        _time = new double[rowGroupRows];
        _scope = new string[rowGroupRows];
        _pool = new string[rowGroupRows];
        _instance = new long?[rowGroupRows];
        _shares = [.. Enumerable.Range(0, Shares).Select(_ => new double[rowGroupRows])];
        _batchTokens = new double[rowGroupRows];
        _running = new long[rowGroupRows];
        _queued = new long[rowGroupRows];
        _outputTokensPerSecond = new double[rowGroupRows];
        _scaleUpBytes = new long[rowGroupRows];
        _scaleUpBusy = new double[rowGroupRows];
        _scaleOutBytes = new long[rowGroupRows];
        _scaleOutBusy = new double[rowGroupRows];
        _table = new ParquetTable(Schema, stream, rowGroupRows, WriteColumns);
    }

    /// <inheritdoc />
    public void Write(long bucketStartNs, in TimeseriesRow row)
    {
        var i = _table.Row;
        _time[i] = bucketStartNs / 1e9; // exact nanoseconds over 1e9: the double the CSV's decimal parses to
        _scope[i] = row.Scope;
        _pool[i] = row.Pool.Name;
        _instance[i] = row.Instance >= 0 ? row.Instance : null;
        _shares[0][i] = TableDecimals.AsWritten(row.Busy, 4);
        _shares[1][i] = TableDecimals.AsWritten(row.Compute, 4);
        _shares[2][i] = TableDecimals.AsWritten(row.Memory, 4);
        _shares[3][i] = TableDecimals.AsWritten(row.Communication, 4);
        _shares[4][i] = TableDecimals.AsWritten(row.Imbalance, 4);
        _shares[5][i] = TableDecimals.AsWritten(row.KvMax, 4);
        _shares[6][i] = TableDecimals.AsWritten(row.KvMean, 4);
        _batchTokens[i] = TableDecimals.AsWritten(row.BatchTokens, 2);
        _running[i] = row.Running;
        _queued[i] = row.Queued;
        _outputTokensPerSecond[i] = TableDecimals.AsWritten(row.OutputTokensPerSecond, 2);
        _scaleUpBytes[i] = (long)TableDecimals.AsWritten(row.ScaleUpBytes, 0);
        _scaleUpBusy[i] = TableDecimals.AsWritten(row.ScaleUpBusy, 4);
        _scaleOutBytes[i] = (long)TableDecimals.AsWritten(row.ScaleOutBytes, 0);
        _scaleOutBusy[i] = TableDecimals.AsWritten(row.ScaleOutBusy, 4);
        _table.EndRow();
    }

    /// <inheritdoc />
    public void Flush()
    {
        // Rows stay buffered until Dispose: a flush mid-file would only make a small row group.
    }

    /// <summary>Writes the rows still buffered and the footer; the stream then holds a complete file.</summary>
    public void Dispose() => _table.Dispose();

    private async Task WriteColumns(ParquetRowGroupWriter group, int n)
    {
        await group.WriteAsync(Time, ParquetTable.First(_time, n));
        await group.WriteAsync(Scope, new ArraySegment<string>(_scope, 0, n));
        await group.WriteAsync(Pool, new ArraySegment<string>(_pool, 0, n));
        await group.WriteAsync(Instance, ParquetTable.First(_instance, n));
        await group.WriteAsync(Busy, ParquetTable.First(_shares[0], n));
        await group.WriteAsync(Compute, ParquetTable.First(_shares[1], n));
        await group.WriteAsync(Memory, ParquetTable.First(_shares[2], n));
        await group.WriteAsync(Communication, ParquetTable.First(_shares[3], n));
        await group.WriteAsync(Imbalance, ParquetTable.First(_shares[4], n));
        await group.WriteAsync(KvMax, ParquetTable.First(_shares[5], n));
        await group.WriteAsync(KvMean, ParquetTable.First(_shares[6], n));
        await group.WriteAsync(BatchTokens, ParquetTable.First(_batchTokens, n));
        await group.WriteAsync(Running, ParquetTable.First(_running, n));
        await group.WriteAsync(Queued, ParquetTable.First(_queued, n));
        await group.WriteAsync(OutputTokensPerSecond, ParquetTable.First(_outputTokensPerSecond, n));
        await group.WriteAsync(ScaleUpBytes, ParquetTable.First(_scaleUpBytes, n));
        await group.WriteAsync(ScaleUpBusy, ParquetTable.First(_scaleUpBusy, n));
        await group.WriteAsync(ScaleOutBytes, ParquetTable.First(_scaleOutBytes, n));
        await group.WriteAsync(ScaleOutBusy, ParquetTable.First(_scaleOutBusy, n));
    }
}
