using System.Globalization;

namespace ClusterSim.Telemetry;

/// <summary>Writes timeseries rows as timeseries.csv text: the header, then one line per row (docs/traces.md).</summary>
internal sealed class TimeseriesCsvRows : ITimeseriesRowSink
{
    private readonly TextWriter _writer;
    private readonly char[] _number = new char[64];

    /// <summary>Writes the header to <paramref name="writer"/> (the caller owns it).</summary>
    public TimeseriesCsvRows(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        _writer = writer;
        _writer.Write(string.Join(',', TimeseriesWriter.Columns));
        _writer.Write('\n');
    }

    /// <inheritdoc />
    public void Write(long bucketStartNs, in TimeseriesRow row)
    {
        var w = _writer;
        Seconds(bucketStartNs);
        w.Write(',');
        w.Write(row.Scope);
        w.Write(',');
        w.Write(row.Pool.Name);
        w.Write(',');
        if (row.Instance >= 0)
        {
            Fixed(row.Instance, 0);
        }

        w.Write(',');
        Field(row.Busy, 4);
        Field(row.Compute, 4);
        Field(row.Memory, 4);
        Field(row.Communication, 4);
        Field(row.Imbalance, 4);
        Field(row.KvMax, 4);
        Field(row.KvMean, 4);
        Field(row.BatchTokens, 2);
        Field(row.Running, 0);
        Field(row.Queued, 0);
        Field(row.OutputTokensPerSecond, 2);
        Field(row.ScaleUpBytes, 0);
        Field(row.ScaleUpBusy, 4);
        Field(row.ScaleOutBytes, 0);
        Fixed(row.ScaleOutBusy, 4);
        w.Write('\n');
    }

    /// <summary>A number with its decimals, then the separator: every column but the last.</summary>
    private void Field(double value, int decimals)
    {
        Fixed(value, decimals);
        _writer.Write(',');
    }

    /// <summary>Exact seconds from nanoseconds, trailing zeros trimmed ("12.34").</summary>
    private void Seconds(long nanoseconds)
    {
        WriteInteger(nanoseconds / 1_000_000_000L);
        WriteFraction(nanoseconds % 1_000_000_000L, 9);
    }

    /// <summary>
    /// <paramref name="value"/> rounded half away from zero to <paramref name="decimals"/> places, trailing zeros trimmed:
    /// the text "0.####" gives, at a fraction of the cost of a custom format string (rows are the writer's whole cost).
    /// </summary>
    private void Fixed(double value, int decimals)
    {
        var scale = TableDecimals.Pow10[decimals];
        var scaled = Math.Round(Math.Abs(value) * scale, MidpointRounding.AwayFromZero);
        if (!double.IsFinite(value) || scaled >= 9e15)
        {
            // Out of the fast path's range: the general formatter (never hit by shares, tokens or bytes of a step).
            if (!value.TryFormat(_number, out var written, "R", CultureInfo.InvariantCulture))
            {
                throw new InvalidOperationException($"cannot format {value}");
            }

            _writer.Write(_number, 0, written);
            return;
        }

        var units = (long)scaled;
        if (value < 0 && units != 0)
        {
            _writer.Write('-');
        }

        WriteInteger(units / scale);
        WriteFraction(units % scale, decimals);
    }

    private void WriteInteger(long value)
    {
        value.TryFormat(_number, out var written, default, CultureInfo.InvariantCulture);
        _writer.Write(_number, 0, written);
    }

    private void WriteFraction(long fraction, int digits)
    {
        if (fraction == 0)
        {
            return;
        }

        while (fraction % 10 == 0)
        {
            fraction /= 10;
            digits--;
        }

        _number[0] = '.';
        for (var i = digits; i >= 1; i--)
        {
            _number[i] = (char)('0' + (fraction % 10));
            fraction /= 10;
        }

        _writer.Write(_number, 0, digits + 1);
    }


    /// <inheritdoc />
    public void Flush() => _writer.Flush();
}
