using BenchmarkDotNet.Attributes;

namespace ClusterSim.Benchmarks.Workloads;

/// <summary>
/// The hand CSV reader against CsvHelper and Sep on a generated 1,000,000-row Azure trace (rows/s = 1,000,000 /
/// mean). Results and the machine's load when they were taken: docs/performance.md, "Reading CSV".
/// </summary>
[MemoryDiagnoser]
public class CsvParserBenchmarks
{
    private const int Rows = 1_000_000;
    private string _path = string.Empty;

    /// <summary>Writes the trace once.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _path = Path.Combine(Path.GetTempPath(), $"clustersim-bench-csv-{Environment.ProcessId}.csv");
        CsvCandidates.WriteAzureTrace(_path, Rows);
    }

    /// <summary>Removes the file.</summary>
    [GlobalCleanup]
    public void Cleanup() => File.Delete(_path);

    /// <summary>StreamReader.ReadLine and the span splitter.</summary>
    [Benchmark(Baseline = true)]
    public long Hand() => CsvCandidates.Hand(_path);

    /// <summary>CsvHelper's CsvParser.</summary>
    [Benchmark]
    public long CsvHelper() => CsvCandidates.CsvHelperReader(_path);

    /// <summary>Sep.</summary>
    [Benchmark]
    public long Sep() => CsvCandidates.Sep(_path);
}
