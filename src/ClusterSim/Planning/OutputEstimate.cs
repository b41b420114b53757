using System.Globalization;
using ClusterSim.Input;
using ClusterSim.Scenarios;
using ClusterSim.Workloads;

namespace ClusterSim.Planning;

/// <summary>
/// What a run will write and how long it will take, estimated from its plan before simulating, so that a typo
/// (a 1 ns timeseries window, a 100,000 h duration) is refused in a second instead of filling a disk for days.
/// Figures are orders of magnitude, not promises: requests = arrival rate × arrival time (capped by
/// <c>workload.requests</c>; unknown for a trace), timeseries rows = buckets × rows per bucket, bytes from
/// measured row sizes, wall time from events at a conservative events-per-second rate.
/// </summary>
/// <param name="SimulatedSeconds">simulation.duration in seconds (the drain after it is not counted).</param>
/// <param name="Requests">Expected requests; null when the workload is a trace (its length is not read here).</param>
/// <param name="TimeseriesRows">Rows of timeseries.csv (0 when it is off).</param>
/// <param name="TraceEvents">Events of trace.json, at most outputs.trace_max_events (0 when it is off).</param>
/// <param name="Events">Simulation events (arrivals, steps, and stages at layer fidelity).</param>
/// <param name="Format">The tables' file format (<c>outputs.format</c>), which sets their bytes per row.</param>
public sealed record OutputEstimate(double SimulatedSeconds, double? Requests, double TimeseriesRows, double TraceEvents, double Events, TableFormat Format = TableFormat.Csv)
{
    /// <summary>Bytes of one requests.csv row (measured: about 107 on the default scenario).</summary>
    public const double RequestRowBytes = 120;

    /// <summary>Bytes of one timeseries.csv row (measured: about 112 on the default scenario).</summary>
    public const double TimeseriesRowBytes = 120;

    /// <summary>
    /// Bytes of one requests.parquet row: measured 55 (default scenario, 2,148 rows) and 57.7 (the Vidur-like
    /// benchmark, 16,000 rows), against 109-113 for the same rows as CSV; rounded up as the CSV figure is.
    /// </summary>
    public const double RequestParquetRowBytes = 60;

    /// <summary>
    /// Bytes of one timeseries.parquet row: measured 20.8 (default scenario, 21,318 rows of 10 ms) and 33.5 (the
    /// Vidur-like benchmark at 16,000 requests, 15,933 rows of 1 s); repeated values compress well. Rounded up.
    /// </summary>
    public const double TimeseriesParquetRowBytes = 40;

    /// <summary>Bytes of one trace.json event (docs/traces.md: about 150).</summary>
    public const double TraceEventBytes = 150;

    /// <summary>
    /// Steps per simulated second of a busy instance: a step of 20 ms, shorter than most decode steps, so the
    /// estimate errs long.
    /// </summary>
    public const double StepsPerInstanceSecond = 50;

    /// <summary>
    /// Events simulated per wall second, conservatively: a Debug build on a loaded core does about 1,200 at step
    /// fidelity, a Release build about 14,000 (docs/performance.md).
    /// </summary>
    public const double EventsPerWallSecond = 1_000;

    /// <summary>The default timeseries window (10 ms), in seconds: a window this wide or wider is not a typo.</summary>
    private const double DefaultWindowSeconds = 0.01;

    /// <summary>Bytes of the requests table (0 when the request count is unknown).</summary>
    public double RequestsBytes => (Requests ?? 0) * (Format == TableFormat.Parquet ? RequestParquetRowBytes : RequestRowBytes);

    /// <summary>Bytes of the timeseries table.</summary>
    public double TimeseriesBytes => TimeseriesRows * (Format == TableFormat.Parquet ? TimeseriesParquetRowBytes : TimeseriesRowBytes);

    /// <summary>Bytes of trace.json.</summary>
    public double TraceBytes => TraceEvents * TraceEventBytes;

    /// <summary>Bytes of every output file together.</summary>
    public double TotalBytes => RequestsBytes + TimeseriesBytes + TraceBytes;

    private string RequestsFile => Format == TableFormat.Parquet ? "requests.parquet" : "requests.csv";

    private string TimeseriesFile => Format == TableFormat.Parquet ? "timeseries.parquet" : "timeseries.csv";

    /// <summary>Estimated wall-clock hours.</summary>
    public double RunHours => Events / EventsPerWallSecond / 3600;

    /// <summary>Estimates the outputs and run time of <paramref name="plan"/>; without <paramref name="telemetry"/> (sweep points, capacity probes) no timeseries.csv or trace.json is written.</summary>
    public static OutputEstimate For(DeploymentPlan plan, bool telemetry = true)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var scenario = plan.Scenario;
        var seconds = scenario.Simulation.Duration.TotalSeconds;
        double? requests = scenario.Workload is SyntheticWorkloadSpec s
            ? Math.Min(s.Arrival.RatePerSecond * Math.Min(seconds, s.Duration?.TotalSeconds ?? seconds), s.Requests ?? double.PositiveInfinity)
            : null;

        // A pool writes one row per bucket, plus one per instance when it has more than one.
        var rowsPerBucket = scenario.Deployment.Pools.Sum(p => 1.0 + (p.Instances > 1 ? p.Instances : 0));
        var window = scenario.Outputs.TimeseriesWindow.TotalSeconds;
        var rows = telemetry && scenario.Outputs.Timeseries && window > 0 ? Math.Ceiling(seconds / window) * rowsPerBucket : 0;

        // At layer fidelity every stage is an event: about four per layer per micro-batch (docs/traces.md).
        var eventsPerStep = scenario.Simulation.Fidelity == Fidelity.Layer
            ? 4.0 * plan.Model.Layers * scenario.Deployment.Pools.Max(p => p.MicroBatches)
            : 1.0;
        var steps = scenario.Deployment.Pools.Sum(p => (double)p.Instances) * seconds * StepsPerInstanceSecond;
        var events = (requests ?? 0) + (steps * eventsPerStep);
        var traceEvents = telemetry && scenario.Outputs.Trace ? Math.Min(scenario.Outputs.TraceMaxEvents, (steps * 5) + ((requests ?? 0) * 8)) : 0;
        return new OutputEstimate(seconds, requests, rows, traceEvents, events, scenario.Outputs.Format);
    }

    /// <summary>
    /// The first limit this estimate breaks, as a one-line input error naming the scenario key at fault and how to
    /// insist; null when every limit holds.
    /// </summary>
    public InputException? Refusal(Scenario scenario, OutputLimits limits)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(limits);
        const string Insist = "lower it, or pass --allow-large to run anyway";
        if (TimeseriesRows > limits.MaxTimeseriesRows)
        {
            // A window at least as wide as the default is sensible, so then the duration is what is too long.
            var window = scenario.Outputs.TimeseriesWindow;
            var key = window.TotalSeconds >= DefaultWindowSeconds ? "simulation.duration" : "outputs.timeseries_window";
            return new InputException(scenario.SourceFile, key, $"{scenario.Simulation.Duration} of simulated time in {window} buckets makes about {Count(TimeseriesRows)} {TimeseriesFile} rows ({Bytes(TimeseriesBytes)}), over the limit of {Count(limits.MaxTimeseriesRows)} (Runs:MaxTimeseriesRows); widen outputs.timeseries_window, shorten simulation.duration, set outputs.timeseries: false, or pass --allow-large to run anyway");
        }

        if (TotalBytes > limits.MaxOutputBytes)
        {
            var key = TraceBytes >= Math.Max(TimeseriesBytes, RequestsBytes) ? "outputs.trace_max_events"
                : TimeseriesBytes >= RequestsBytes ? "outputs.timeseries_window"
                : "workload.rate_per_s";
            return new InputException(scenario.SourceFile, key, $"the run would write about {Bytes(TotalBytes)} ({RequestsFile} {Bytes(RequestsBytes)}, {TimeseriesFile} {Bytes(TimeseriesBytes)}, trace.json {Bytes(TraceBytes)}), over the limit of {Bytes(limits.MaxOutputBytes)} (Runs:MaxOutputBytes); {Insist}");
        }

        if (RunHours > limits.MaxRunHours)
        {
            return new InputException(scenario.SourceFile, "simulation.duration", $"{scenario.Simulation.Duration} would take about {RunHours.ToString("0.#", CultureInfo.InvariantCulture)} h of wall time ({Count(Events)} events), over the limit of {limits.MaxRunHours.ToString("0.#", CultureInfo.InvariantCulture)} h (Runs:MaxRunHours); {Insist}");
        }

        return null;
    }

    /// <summary>One line for <c>validate</c>: rows, bytes and run time.</summary>
    public string Describe() =>
        $"about {(Requests is { } r ? Count(r) : "an unknown number of (trace)")} requests, {Count(TimeseriesRows)} timeseries rows, {Count(TraceEvents)} trace events; "
        + $"{Bytes(TotalBytes)} of output; {Count(Events)} events, about {Wall(RunHours)} of wall time";

    private static string Count(double value) => value < 1e6 ? value.ToString("N0", CultureInfo.InvariantCulture) : value.ToString("0.#e0", CultureInfo.InvariantCulture);

    private static string Wall(double hours) => hours < 1.0 / 60 ? (hours * 3600).ToString("0", CultureInfo.InvariantCulture) + " s"
        : hours < 1 ? (hours * 60).ToString("0", CultureInfo.InvariantCulture) + " min"
        : hours.ToString("0.#", CultureInfo.InvariantCulture) + " h";

    private static string Bytes(double bytes) => bytes switch
    {
        >= 1e12 => (bytes / 1e12).ToString("0.#", CultureInfo.InvariantCulture) + " TB",
        >= 1e9 => (bytes / 1e9).ToString("0.#", CultureInfo.InvariantCulture) + " GB",
        >= 1e6 => (bytes / 1e6).ToString("0.#", CultureInfo.InvariantCulture) + " MB",
        _ => (bytes / 1e3).ToString("0.#", CultureInfo.InvariantCulture) + " kB",
    };
}
