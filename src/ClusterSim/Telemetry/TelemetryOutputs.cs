using ClusterSim.Engine;
using ClusterSim.Serving;

namespace ClusterSim.Telemetry;

/// <summary>
/// The streamed outputs of a run folder: the requests table through the sink, the timeseries table and trace.json through
/// observers created when the deployment is known. The caller opens and commits the files.
/// </summary>
public sealed class TelemetryOutputs : IRunOutputs, IDisposable
{
    private readonly ITimeseriesRowSink? _timeseriesRows;
    private readonly SimDuration _window;
    private readonly Stream? _traceStream;
    private readonly TraceOutputOptions _traceOptions;
    private readonly ReportSeries? _report;

    /// <summary>Outputs into the given writers; a null writer turns its output off.</summary>
    /// <param name="requests">requests.csv sink, or null.</param>
    /// <param name="timeseries">timeseries.csv text, or null.</param>
    /// <param name="timeseriesWindow">Bucket width of timeseries.csv.</param>
    /// <param name="trace">trace.json bytes, or null.</param>
    /// <param name="traceOptions">Window and cap of trace.json.</param>
    /// <param name="report">Keeps timeseries pool rows for report.html, or null.</param>
    public TelemetryOutputs(IRequestSink? requests, TextWriter? timeseries, SimDuration timeseriesWindow, Stream? trace, TraceOutputOptions traceOptions, ReportSeries? report = null)
        : this(requests, timeseries is null ? null : new TimeseriesCsvRows(timeseries), timeseriesWindow, trace, traceOptions, report)
    {
    }

    /// <summary>Outputs into the given sinks; a null one turns its output off.</summary>
    /// <param name="requests">The requests table's sink, or null.</param>
    /// <param name="timeseries">The timeseries table's rows (CSV or Parquet), or null.</param>
    /// <param name="timeseriesWindow">Bucket width of the timeseries.</param>
    /// <param name="trace">trace.json bytes, or null.</param>
    /// <param name="traceOptions">Window and cap of trace.json.</param>
    /// <param name="report">Keeps timeseries pool rows for report.html, or null.</param>
    internal TelemetryOutputs(IRequestSink? requests, ITimeseriesRowSink? timeseries, SimDuration timeseriesWindow, Stream? trace, TraceOutputOptions traceOptions, ReportSeries? report = null)
    {
        _report = report;
        Requests = requests;
        _timeseriesRows = timeseries;
        _window = timeseriesWindow;
        _traceStream = trace;
        _traceOptions = traceOptions;
    }

    /// <inheritdoc />
    public IRequestSink? Requests { get; }

    /// <summary>The timeseries writer once attached.</summary>
    public TimeseriesWriter? Timeseries { get; private set; }

    /// <summary>The trace writer once attached.</summary>
    public TraceJsonWriter? Trace { get; private set; }

    /// <inheritdoc />
    public IReadOnlyList<IServingObserver> Attach(RunTopology topology)
    {
        if (Timeseries is not null || Trace is not null)
        {
            throw new InvalidOperationException("outputs are attached once per run");
        }

        var observers = new List<IServingObserver>();
        if (_timeseriesRows is not null)
        {
            Timeseries = new TimeseriesWriter(_timeseriesRows, _window, topology, _report);
            observers.Add(Timeseries);
        }

        if (_traceStream is not null)
        {
            Trace = new TraceJsonWriter(_traceStream, topology, _traceOptions);
            observers.Add(Trace);
        }

        return observers;
    }

    /// <inheritdoc />
    public void Complete(SimTime end)
    {
        Timeseries?.Complete(end);
        Trace?.Complete(end);
    }

    /// <inheritdoc />
    public void Dispose() => Trace?.Dispose();
}
