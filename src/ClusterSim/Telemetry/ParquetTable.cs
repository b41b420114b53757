using Parquet;
using Parquet.Schema;

namespace ClusterSim.Telemetry;

/// <summary>
/// One Parquet file written a row group at a time, so a table of millions of rows holds at most one group in memory.
/// The table counts the rows its owner buffers in column arrays (<see cref="Row"/>, <see cref="EndRow"/>), writes a
/// group through the owner's column writer whenever the buffers fill, and the rest with the footer on dispose.
/// The simulation reports rows synchronously while Parquet.Net writes asynchronously: each group is written on a pool
/// thread and waited for, which cannot deadlock on a caller's synchronization context (xUnit's, a UI's).
/// </summary>
internal sealed class ParquetTable : IDisposable
{
    /// <summary>Rows per row group: about 12 MB of column buffers for requests (184 bytes a row), 11 MB for timeseries;
    /// large enough for readers to scan fast, and the bound on what a table holds in memory however long the run.</summary>
    public const int RowGroupRows = 65_536;

    private readonly ParquetWriter _writer;
    private readonly Func<ParquetRowGroupWriter, int, Task> _writeColumns;
    private readonly int _rowGroupRows;
    private bool _disposed;

    /// <summary>Starts the file on <paramref name="stream"/> (seekable; the caller owns it and its rename).</summary>
    /// <param name="schema">The columns.</param>
    /// <param name="stream">Where the file goes.</param>
    /// <param name="rowGroupRows">Rows the owner's column buffers hold: a group is written when they are full.</param>
    /// <param name="writeColumns">Writes the first n buffered rows of every column, in schema order.</param>
    public ParquetTable(ParquetSchema schema, Stream stream, int rowGroupRows, Func<ParquetRowGroupWriter, int, Task> writeColumns)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(writeColumns);
        ArgumentOutOfRangeException.ThrowIfLessThan(rowGroupRows, 1);
        _rowGroupRows = rowGroupRows;
        _writeColumns = writeColumns;
        // Snappy, Parquet.Net's default, is what pandas/pyarrow and polars read and write by default too.
        var options = new ParquetOptions { CompressionMethod = CompressionMethod.Snappy };
        _writer = Task.Run(() => ParquetWriter.CreateAsync(schema, stream, options, append: false)).GetAwaiter().GetResult();
        Schema = schema;
    }

    /// <summary>The first <paramref name="count"/> values of a column buffer, as a row group's column.</summary>
    public static ReadOnlyMemory<T> First<T>(T[] values, int count) => new(values, 0, count);

    /// <summary>The table's columns.</summary>
    public ParquetSchema Schema { get; }

    /// <summary>The buffer index the next row goes to.</summary>
    /// <exception cref="ObjectDisposedException">After the file was completed.</exception>
    public int Row
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return Buffered;
        }
    }

    /// <summary>Rows buffered and not yet written.</summary>
    public int Buffered { get; private set; }

    /// <summary>Rows written or buffered.</summary>
    public long Rows { get; private set; }

    /// <summary>Counts the row just filled at <see cref="Row"/>; writes a group when the buffers are full.</summary>
    public void EndRow()
    {
        Rows++;
        if (++Buffered == _rowGroupRows)
        {
            WriteGroup();
        }
    }

    /// <summary>
    /// Writes the rows still buffered and the footer (the schema and where each group lies); the file is complete
    /// after this. A table without rows still makes a valid file: the schema and no row groups.
    /// </summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (Buffered > 0)
        {
            WriteGroup();
        }

        Task.Run(async () => await _writer.DisposeAsync()).GetAwaiter().GetResult();
    }

    private void WriteGroup()
    {
        var n = Buffered;
        Task.Run(async () =>
        {
            using var group = _writer.CreateRowGroup();
            await _writeColumns(group, n);
            group.CompleteValidate();
        }).GetAwaiter().GetResult();
        Buffered = 0;
    }
}
