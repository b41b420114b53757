namespace ClusterSim.Workloads.Traces;

/// <summary>What a trace replay has read and dropped so far.</summary>
/// <param name="RequestsEmitted">Requests handed out.</param>
/// <param name="SkippedBadRows">Malformed or out-of-order rows skipped under <c>on_bad_row: skip</c>.</param>
/// <param name="FirstBadRow">Line number of the first skipped bad row, or null.</param>
/// <param name="FirstBadRowProblem">Why that row was bad, or null.</param>
/// <param name="SkippedZeroOutputRows">Rows with zero output tokens (BurstGPT's failed requests), always skipped.</param>
/// <param name="TimeScale">The factor applied to inter-arrival gaps (from time_scale or rate_per_s).</param>
public sealed record TraceReplaySummary(
    long RequestsEmitted,
    long SkippedBadRows,
    long? FirstBadRow,
    string? FirstBadRowProblem,
    long SkippedZeroOutputRows,
    double TimeScale);
