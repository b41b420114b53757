using System.Globalization;
using ClusterSim.Engine;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using ClusterSim.Input;

namespace ClusterSim.Workloads.Traces;

/// <summary>
/// Replays a trace file as requests, streaming it line by line. Arrival = (timestamp − first timestamp) × scale.
/// With <see cref="TraceWorkloadSpec.RatePerSecond"/> a first cheap pass counts the usable rows (up to the
/// request limit) and reads the first and last timestamps, then scale = (n − 1) / (rate × span) so the mean
/// inter-arrival gap becomes 1/rate; the second pass replays.
/// </summary>
public sealed class TraceRequestSource : IRequestSource
{
    private readonly TraceWorkloadSpec _spec;
    private readonly TraceRowFilter _rows;
    private readonly ILogger _logger;
    private readonly long _maxRequests;
    private readonly long _endNanoseconds;
    private long? _firstTimestamp;
    private long _emitted;
    private bool _done;

    private TraceRequestSource(TraceWorkloadSpec spec, string openPath, ILogger logger)
    {
        _spec = spec;
        _logger = logger;
        _maxRequests = spec.Requests ?? long.MaxValue;
        _endNanoseconds = spec.Duration?.Nanoseconds ?? long.MaxValue;
        TimeScale = spec.RatePerSecond is { } rate ? MeasureScale(spec, openPath, rate) : spec.TimeScale ?? 1.0;
        _rows = new TraceRowFilter(OpenReader(spec, openPath), spec.OnBadRow);
    }

    /// <summary>The factor applied to inter-arrival gaps.</summary>
    public double TimeScale { get; }

    /// <summary>Counts so far: requests emitted, rows skipped and why.</summary>
    public TraceReplaySummary Summary => new(_emitted, _rows.SkippedBadRows, _rows.FirstBadRow, _rows.FirstBadRowProblem, _rows.SkippedZeroOutputRows, TimeScale);

    /// <summary>
    /// Opens a replay of a valid spec. <paramref name="baseDirectory"/> resolves a relative path (the scenario's
    /// folder); messages name the file as the spec spells it. Missing, empty or malformed files throw
    /// <see cref="InputException"/>; an invalid spec is a caller bug (validate first).
    /// </summary>
    public static TraceRequestSource Open(TraceWorkloadSpec spec, string? baseDirectory = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var errors = spec.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("invalid trace workload spec (validate before opening): " + string.Join("; ", errors), nameof(spec));
        }

        var openPath = baseDirectory is null ? spec.Path : Path.Combine(baseDirectory, spec.Path);
        return new TraceRequestSource(spec, openPath, logger ?? NullLogger.Instance);
    }

    /// <inheritdoc />
    public bool TryNext(out RequestArrival request)
    {
        request = default;
        if (_done)
        {
            return false;
        }

        if (_emitted >= _maxRequests || !_rows.TryRead(out var row))
        {
            Finish();
            return false;
        }

        var first = _firstTimestamp ??= row.TimestampNanoseconds;
        var arrival = Scale(row.TimestampNanoseconds - first, row.Row);
        if (arrival >= _endNanoseconds)
        {
            Finish();
            return false;
        }

        request = new RequestArrival(_emitted, new SimTime(arrival), row.InputTokens, row.OutputTokens, row.PrefixBlockHashes);
        _emitted++;
        return true;
    }

    /// <inheritdoc />
    public void Dispose() => _rows.Dispose();

    private long Scale(long relativeNanoseconds, long row)
    {
        if (TimeScale == 1.0)
        {
            return relativeNanoseconds;
        }

        var scaled = Math.Round(relativeNanoseconds * TimeScale, MidpointRounding.AwayFromZero);
        if (scaled >= long.MaxValue / 2)
        {
            throw new InputException(_spec.Path, $"row {row.ToString(CultureInfo.InvariantCulture)}", "the scaled arrival time exceeds the simulator's time range; use a smaller time_scale");
        }

        return (long)scaled;
    }

    private void Finish()
    {
        if (_done)
        {
            return;
        }

        _done = true;
        if (_emitted == 0)
        {
            var skipped = _rows.SkippedBadRows > 0
                ? $"; skipped {_rows.SkippedBadRows.ToString(CultureInfo.InvariantCulture)} bad rows, the first at row {_rows.FirstBadRow!.Value.ToString(CultureInfo.InvariantCulture)}: {_rows.FirstBadRowProblem}"
                : string.Empty;
            throw new InputException(_spec.Path, string.Empty, $"the trace holds no usable request{skipped}");
        }

        if (_rows.SkippedBadRows > 0)
        {
            _logger.LogWarning(
                "Trace {File}: skipped {Count} bad rows (on_bad_row: skip); the first was row {Row}: {Problem}",
                _spec.Path,
                _rows.SkippedBadRows,
                _rows.FirstBadRow,
                _rows.FirstBadRowProblem);
        }

        if (_rows.SkippedZeroOutputRows > 0)
        {
            _logger.LogInformation("Trace {File}: skipped {Count} requests with zero output tokens (failed requests)", _spec.Path, _rows.SkippedZeroOutputRows);
        }
    }

    private static double MeasureScale(TraceWorkloadSpec spec, string openPath, double ratePerSecond)
    {
        using var rows = new TraceRowFilter(OpenReader(spec, openPath), spec.OnBadRow);
        var limit = spec.Requests ?? long.MaxValue;
        long count = 0;
        long first = 0;
        long last = 0;
        while (count < limit && rows.TryRead(out var row))
        {
            if (count == 0)
            {
                first = row.TimestampNanoseconds;
            }

            last = row.TimestampNanoseconds;
            count++;
        }

        if (count < 2 || last == first)
        {
            throw new InputException(spec.Path, string.Empty, "cannot rescale to rate_per_s: the replayed rows need at least two distinct arrival times; use time_scale instead");
        }

        var spanSeconds = (last - first) / 1e9;
        return (count - 1) / (ratePerSecond * spanSeconds);
    }

    private static TraceRowReader OpenReader(TraceWorkloadSpec spec, string openPath) => spec.Format switch
    {
        TraceFormat.Azure => new AzureTraceReader(openPath, spec.Path),
        TraceFormat.BurstGpt => new BurstGptTraceReader(openPath, spec.Path),
        TraceFormat.Mooncake => new MooncakeTraceReader(openPath, spec.Path),
        _ => throw new ArgumentOutOfRangeException(nameof(spec), spec.Format, "unknown trace format"),
    };
}
