using System.Diagnostics;
using System.Globalization;

namespace ClusterSim.Benchmarks.Workloads;

/// <summary>
/// <c>dotnet run -c Release -- quick-csv [rows]</c>: a one-minute check of <see cref="CsvParserBenchmarks"/> with a
/// stopwatch (best of five passes per candidate after one warm-up), for when BenchmarkDotNet's full run is too long.
/// </summary>
public static class QuickCsvTiming
{
    /// <summary>Writes the trace, times each candidate and prints rows/s and bytes allocated per row.</summary>
    public static void Run(int rows)
    {
        var path = Path.Combine(Path.GetTempPath(), $"clustersim-quick-csv-{Environment.ProcessId}.csv");
        CsvCandidates.WriteAzureTrace(path, rows);
        try
        {
            (string Name, Func<string, long> Read)[] candidates =
                [("hand", CsvCandidates.Hand), ("CsvHelper", CsvCandidates.CsvHelperReader), ("Sep", CsvCandidates.Sep), ("reader", CsvCandidates.TraceReader)];
            foreach (var (name, read) in candidates)
            {
                _ = read(path);
                var best = double.MaxValue;
                long allocated = 0;
                for (var pass = 0; pass < 5; pass++)
                {
                    var before = GC.GetAllocatedBytesForCurrentThread();
                    var clock = Stopwatch.StartNew();
                    _ = read(path);
                    best = Math.Min(best, clock.Elapsed.TotalSeconds);
                    allocated = GC.GetAllocatedBytesForCurrentThread() - before;
                }

                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-10} {rows / best,14:N0} rows/s  {best * 1000,8:F1} ms  {(double)allocated / rows,8:F1} B/row"));
            }
        }
        finally
        {
            File.Delete(path);
        }
    }
}
