using Parquet;
using Parquet.Schema;

namespace ClusterSim.Telemetry;

/// <summary>
/// One Parquet file written a row group at a time, so a table of millions of rows holds at most one group in memory.
/// The simulation reports rows synchronously while Parquet.Net writes asynchronously: each group is written on a pool
/// thread and waited for, which cannot deadlock on a caller's synchronization context (xUnit's, a UI's).
/// </summary>
internal sealed class ParquetTable : IDisposable
{
    /// <summary>Rows per row group: about 12 MB of column buffers for requests (184 bytes a row), 11 MB for timeseries;
    /// large enough for readers to scan fast, and the bound on what a table holds in memory however long the run.</summary>
    public const int RowGroupRows = 65_536;

    private readonly ParquetWriter _writer;
    private bool _disposed;

    /// <summary>Starts the file on <paramref name="stream"/> (seekable; the caller owns it and its rename).</summary>
    public ParquetTable(ParquetSchema schema, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(stream);
        // Snappy, Parquet.Net's default, is what pandas/pyarrow and polars read and write by default too.
        var options = new ParquetOptions { CompressionMethod = CompressionMethod.Snappy };
        _writer = Task.Run(() => ParquetWriter.CreateAsync(schema, stream, options, append: false)).GetAwaiter().GetResult();
        Schema = schema;
    }

    /// <summary>The first <paramref name="count"/> values of a column buffer, as a row group's column.</summary>
    public static ReadOnlyMemory<T> First<T>(T[] values, int count) => new(values, 0, count);

    /// <summary>The table's columns.</summary>
    public ParquetSchema Schema { get; }

    /// <summary>Writes one row group; <paramref name="writeColumns"/> writes every column, in schema order.</summary>
    public void WriteRowGroup(Func<ParquetRowGroupWriter, Task> writeColumns)
    {
        ArgumentNullException.ThrowIfNull(writeColumns);
        ObjectDisposedException.ThrowIf(_disposed, this);
        Task.Run(async () =>
        {
            using var group = _writer.CreateRowGroup();
            await writeColumns(group);
            group.CompleteValidate();
        }).GetAwaiter().GetResult();
    }

    /// <summary>Writes the footer (the schema and where each group lies); the file is complete after this.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Task.Run(async () => await _writer.DisposeAsync()).GetAwaiter().GetResult();
    }
}
