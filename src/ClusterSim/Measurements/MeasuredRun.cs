namespace ClusterSim.Measurements;

/// <summary>
/// One measured benchmark run: where it came from, how the harness drove the server and what it measured. The unit
/// measure-error compares with a prediction, and the unit a fit takes many of.
/// </summary>
/// <param name="File">The measurement file as the user named it.</param>
/// <param name="Format">Its format.</param>
/// <param name="Record">1-based record within the file (a line of an SGLang JSONL file); 1 for one-record formats.</param>
/// <param name="Harness">The harness settings the file records.</param>
/// <param name="Reported">Figures the file states itself.</param>
/// <param name="Requests">Per-request data the file holds (empty when it has none).</param>
public sealed record MeasuredRun(
    string File,
    MeasurementFormat Format,
    int Record,
    HarnessSettings Harness,
    BenchmarkFigures Reported,
    IReadOnlyList<MeasuredRequest> Requests)
{
    /// <summary>Figures derived from <see cref="Requests"/> with the harnesses' formulas (<see cref="BenchmarkFigures.FromRequests"/>).</summary>
    public BenchmarkFigures Derived { get; } = Requests.Count > 0 ? BenchmarkFigures.FromRequests(Requests) : BenchmarkFigures.None;

    /// <summary>What is compared: each reported figure, and where the file does not report one, the one derived from its requests.</summary>
    public BenchmarkFigures Figures => Reported.Or(Derived);
}
