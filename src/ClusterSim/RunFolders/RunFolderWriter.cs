using System.Text.Json;
using ClusterSim.Engine;
using ClusterSim.Runs;
using ClusterSim.Scenarios;
using ClusterSim.Telemetry;

namespace ClusterSim.RunFolders;

/// <summary>A file written whole after the run, before summary.json (a sweep point's point.json).</summary>
/// <param name="FileName">Its name in the run folder.</param>
/// <param name="Write">Writes its complete contents.</param>
public sealed record RunFolderExtra(string FileName, Action<Stream> Write);

/// <summary>
/// The one owner of a run folder's files, used by <c>run</c>, sweep points and the regression suite: opens the
/// streamed files before the run (requests.csv or requests.parquet, and timeseries and trace.json when asked), then on
/// <see cref="Finish"/> flushes and commits them, writes any extra files, and writes summary.json last, so a
/// folder with summary.json holds a complete (or, when cancelled, a consistently cut) run.
/// </summary>
/// <remarks>
/// Every file goes through <see cref="IRunFileStore"/>: on disk it lives under a temporary name until committed,
/// so a reader never sees half a file; disposing the writer before <see cref="Finish"/> throws every file away.
/// </remarks>
public sealed class RunFolderWriter : IDisposable
{
    private const int BufferBytes = 1 << 16;

    private readonly IRunFileStore store;
    private readonly List<(IRunFile File, TextWriter? Text)> streamed = [];
    private readonly IRequestSink requests;
    private readonly TimeseriesParquetRows? timeseriesParquet;
    private readonly TelemetryOutputs outputs;
    private bool finished;
    private bool complete;

    /// <summary>Opens the streamed files of a run.</summary>
    /// <param name="store">Where the files go.</param>
    /// <param name="telemetry">The scenario's outputs section for timeseries.csv and trace.json; null writes
    /// requests and summary.json only (sweep points and regression cases).</param>
    /// <param name="tableFormat">The format of the requests and timeseries tables; null takes
    /// <paramref name="telemetry"/>'s (outputs.format), CSV without it.</param>
    public RunFolderWriter(IRunFileStore store, OutputsSection? telemetry, TableFormat? tableFormat = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        this.store = store;
        try
        {
            // Only a run with telemetry renders report.html; sweep points and regression cases keep nothing.
            Report = telemetry is null ? null : new ReportSeries();
            var parquet = (tableFormat ?? telemetry?.Format ?? TableFormat.Csv) == TableFormat.Parquet;
            requests = parquet
                ? new RequestsParquetWriter(Open(RunFolderLayout.RequestsParquet).Stream, Report)
                : new RequestsCsvWriter(OpenText(RunFolderLayout.Requests), Report);
            ITimeseriesRowSink? timeseries = null;
            if (telemetry is { Timeseries: true })
            {
                timeseries = parquet
                    ? timeseriesParquet = new TimeseriesParquetRows(Open(RunFolderLayout.TimeseriesParquet).Stream)
                    : new TimeseriesCsvRows(OpenText(RunFolderLayout.Timeseries));
            }

            var trace = telemetry is { Trace: true } ? Open(RunFolderLayout.Trace).Stream : null;
            outputs = new TelemetryOutputs(requests, timeseries, telemetry?.TimeseriesWindow ?? default, trace, TraceOptionsOf(telemetry), Report);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>What report.html plots, kept as the files are written (null without telemetry).</summary>
    public ReportSeries? Report { get; }

    /// <summary>What the run streams into (the outputs argument of <see cref="ScenarioRunner"/>).</summary>
    public IRunOutputs Outputs => outputs;

    /// <summary>The trace writer once the run attached it (its event counts are worth logging).</summary>
    public TraceJsonWriter? Trace => outputs.Trace;

    /// <summary>Completes the folder: the streamed files, then <paramref name="extras"/>, then summary.json.</summary>
    public void Finish(RunResult result, params IReadOnlyList<RunFolderExtra> extras)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(extras);
        ObjectDisposedException.ThrowIf(finished, this);
        finished = true;
        // Writers first (they flush into the text writers and streams; Parquet writes its footer), then each file
        // whole and renamed.
        ((IDisposable)requests).Dispose();
        timeseriesParquet?.Dispose();
        outputs.Dispose();
        foreach (var (file, text) in streamed)
        {
            text?.Dispose();
            file.Commit();
        }

        foreach (var extra in extras)
        {
            WriteWhole(extra.FileName, extra.Write);
        }

        WriteWhole(RunFolderLayout.Summary, stream => SummaryJsonWriter.Write(stream, result));
        complete = true;
    }

    /// <summary>
    /// Builds the JSON serializer's metadata for summary.json's resolved scenario on a pool thread while the run
    /// goes on. Its first use cost about 0.3 s when the metadata came from reflection; with compile-time metadata
    /// (ScenarioJsonContext) what is left is JIT, still better paid here than between a Ctrl-C and the exit. The
    /// bytes written are unaffected.
    /// </summary>
    public static void PrepareSummary(Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        _ = Task.Run(() =>
        {
            using var json = new Utf8JsonWriter(Stream.Null);
            ScenarioJson.Write(json, scenario);
        });
    }

    /// <summary>Throws away every file not yet committed (a run that failed or is not worth keeping).</summary>
    public void Dispose()
    {
        if (complete)
        {
            return;
        }

        finished = true;
        // Null while the constructor is still opening files (it disposes on failure). The files are thrown away,
        // so a writer that fails to close must not stop the others from being deleted.
        DisposeQuietly(requests as IDisposable);
        DisposeQuietly(timeseriesParquet);
        outputs?.Dispose();
        foreach (var (file, text) in streamed)
        {
            text?.Dispose();
            file.Dispose();
        }
    }

    private static void DisposeQuietly(IDisposable? writer)
    {
        try
        {
            writer?.Dispose();
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
        {
            // Its file is discarded next; the error that brought us here is the one worth reporting.
        }
    }

    private static TraceOutputOptions TraceOptionsOf(OutputsSection? telemetry) =>
        telemetry is null
            ? TraceOutputOptions.Default
            : new TraceOutputOptions(
                SimTime.Zero + telemetry.TraceWindowStart,
                telemetry.TraceWindowEnd is { } end ? SimTime.Zero + end : SimTime.MaxValue,
                telemetry.TraceMaxEvents);

    private void WriteWhole(string fileName, Action<Stream> write)
    {
        using var file = store.Create(fileName);
        write(file.Stream);
        file.Commit();
    }

    private IRunFile Open(string fileName)
    {
        var file = store.Create(fileName);
        streamed.Add((file, null));
        return file;
    }

    private StreamWriter OpenText(string fileName)
    {
        var file = store.Create(fileName);
        var text = new StreamWriter(file.Stream, AtomicFile.Utf8, BufferBytes, leaveOpen: true) { NewLine = "\n" };
        streamed.Add((file, text));
        return text;
    }
}
