namespace ClusterSim.Measurements;

/// <summary>
/// Several measured runs read together, the input of a fit: every run of every file, in the order the files were
/// given and, within a file, in file order (an SGLang JSONL file contributes one run per line).
/// </summary>
/// <param name="Runs">The runs.</param>
public sealed record MeasurementSet(IReadOnlyList<MeasuredRun> Runs)
{
    /// <summary>Reads every run of <paramref name="files"/>; <paramref name="format"/> null tells each file's format from it.</summary>
    /// <exception cref="Input.InputException">The first file with a problem, one line naming it.</exception>
    public static MeasurementSet Read(IEnumerable<string> files, MeasurementFormat? format = null)
    {
        ArgumentNullException.ThrowIfNull(files);
        return new MeasurementSet(files.SelectMany(f => MeasurementReader.ReadAll(f, format)).ToArray());
    }

    /// <summary>
    /// The comparison rows of each run against its prediction (<paramref name="predict"/> maps a run to its
    /// prediction's figures and the deployment's accelerators), in run order: what a fit's objective sums over.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<MetricError>> Compare(Func<MeasuredRun, (BenchmarkFigures Figures, int Accelerators)> predict)
    {
        ArgumentNullException.ThrowIfNull(predict);
        return Runs.Select(run =>
        {
            var (figures, accelerators) = predict(run);
            return MeasurementComparison.Compare(figures, run, accelerators);
        }).ToArray();
    }
}
