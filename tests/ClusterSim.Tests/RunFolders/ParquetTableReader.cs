using Parquet;
using Parquet.Schema;

namespace ClusterSim.Tests.RunFolders;

/// <summary>Reads a whole Parquet file back with Parquet.Net: its fields and, per column, every row's value (null where null).</summary>
internal static class ParquetTableReader
{
    public static (IReadOnlyList<DataField> Fields, IReadOnlyList<object?[]> Columns, int RowGroups) Read(byte[] bytes) =>
        Task.Run(() => ReadAsync(bytes)).GetAwaiter().GetResult();

    private static async Task<(IReadOnlyList<DataField>, IReadOnlyList<object?[]>, int)> ReadAsync(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes, writable: false);
        await using var reader = await ParquetReader.CreateAsync(stream);
        var fields = reader.Schema.GetDataFields();
        var columns = fields.Select(_ => new List<object?>()).ToArray();
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            var group = reader.OpenRowGroupReader(g);
            var rows = checked((int)group.RowCount);
            for (var c = 0; c < fields.Length; c++)
            {
                columns[c].AddRange(await ReadColumn(group, fields[c], rows));
            }
        }

        return (fields, columns.Select(c => c.ToArray()).ToArray(), reader.RowGroupCount);
    }

    private static async Task<object?[]> ReadColumn(ParquetRowGroupReader group, DataField field, int rows)
    {
        if (IsString(field))
        {
            var values = new string?[rows];
            await group.ReadAsync(field, values.AsMemory());
            return values;
        }

        if (field.ClrType == typeof(long))
        {
            return field.IsNullable ? Box(await Nullable<long>(group, field, rows)) : Box(await Required<long>(group, field, rows));
        }

        if (field.ClrType == typeof(double))
        {
            return field.IsNullable ? Box(await Nullable<double>(group, field, rows)) : Box(await Required<double>(group, field, rows));
        }

        throw new InvalidOperationException($"{field.Name}: unexpected type {field.ClrType}");
    }

    /// <summary>Parquet.Net 6 reports UTF-8 string columns as <see cref="ReadOnlyMemory{T}"/> of char.</summary>
    public static bool IsString(DataField field) => field.ClrType == typeof(string) || field.ClrType == typeof(ReadOnlyMemory<char>);

    private static async Task<T?[]> Nullable<T>(ParquetRowGroupReader group, DataField field, int rows)
        where T : struct
    {
        var values = new T?[rows];
        await group.ReadAsync(field, values.AsMemory());
        return values;
    }

    private static async Task<T[]> Required<T>(ParquetRowGroupReader group, DataField field, int rows)
        where T : struct
    {
        var values = new T[rows];
        await group.ReadAsync(field, values.AsMemory());
        return values;
    }

    private static object?[] Box<T>(T[] values) => values.Select(v => (object?)v).ToArray();
}
