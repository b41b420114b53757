using System.Globalization;
using ClusterSim.Input;

namespace ClusterSim.Workloads.Traces;

/// <summary>
/// Applies the bad-row policy and the time-order check to a row reader, yielding only usable rows and
/// counting what it dropped. Both passes of a resampled replay go through it, so they agree row for row.
/// </summary>
internal sealed class TraceRowFilter(TraceRowReader reader, BadRowPolicy policy) : IDisposable
{
    private long _previousTimestamp = long.MinValue;

    /// <summary>Rows skipped as malformed or out of order (only under <see cref="BadRowPolicy.Skip"/>).</summary>
    public long SkippedBadRows { get; private set; }

    /// <summary>Line number of the first skipped bad row, if any.</summary>
    public long? FirstBadRow { get; private set; }

    /// <summary>Why the first skipped bad row was bad.</summary>
    public string? FirstBadRowProblem { get; private set; }

    /// <summary>Well-formed rows with zero output tokens (failed requests), always skipped.</summary>
    public long SkippedZeroOutputRows { get; private set; }

    /// <summary>The next usable row in time order; false at the end of the file.</summary>
    public bool TryRead(out TraceRow row)
    {
        while (true)
        {
            var outcome = reader.Read(out row);
            switch (outcome)
            {
                case RowOutcome.End:
                    return false;
                case RowOutcome.ZeroOutput:
                    SkippedZeroOutputRows++;
                    continue;
                case RowOutcome.BadRow:
                    OnBadRow(reader.Problem);
                    continue;
                case RowOutcome.Request when row.TimestampNanoseconds < _previousTimestamp:
                    OnBadRow($"timestamp is {FormatSeconds(_previousTimestamp - row.TimestampNanoseconds)} s earlier than the previous request's; rows must be sorted by time");
                    continue;
                case RowOutcome.Request:
                    _previousTimestamp = row.TimestampNanoseconds;
                    return true;
                default:
                    throw new InvalidOperationException($"unknown row outcome {outcome}");
            }
        }
    }

    private void OnBadRow(string problem)
    {
        var row = "row " + reader.Row.ToString(CultureInfo.InvariantCulture);
        if (policy == BadRowPolicy.Fail)
        {
            throw new InputException(reader.DisplayName, row, problem + " (on_bad_row: skip would skip such rows)");
        }

        SkippedBadRows++;
        if (FirstBadRow is null)
        {
            FirstBadRow = reader.Row;
            FirstBadRowProblem = problem;
        }
    }

    private static string FormatSeconds(long nanoseconds) => (nanoseconds / 1e9).ToString("0.#########", CultureInfo.InvariantCulture);

    /// <inheritdoc />
    public void Dispose() => reader.Dispose();
}
