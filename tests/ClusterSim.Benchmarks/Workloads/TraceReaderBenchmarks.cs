using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using ClusterSim.Workloads;
using ClusterSim.Workloads.Traces;

namespace ClusterSim.Benchmarks.Workloads;

/// <summary>Rows per second of each trace reader over a generated 200,000-row file (divide 200,000 by the mean).</summary>
[MemoryDiagnoser]
public class TraceReaderBenchmarks
{
    private const int Rows = 200_000;
    private string _path = string.Empty;

    /// <summary>The format under test.</summary>
    [Params(TraceFormat.Azure, TraceFormat.BurstGpt, TraceFormat.Mooncake)]
    public TraceFormat Format { get; set; }

    /// <summary>Writes the trace once per format.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _path = Path.Combine(Path.GetTempPath(), $"clustersim-bench-{Format}-{Environment.ProcessId}.trace");
        using var writer = new StreamWriter(_path, append: false, new UTF8Encoding(false), 1 << 16);
        var start = new DateTime(2024, 5, 10, 0, 0, 0, DateTimeKind.Unspecified);
        writer.Write(Format switch
        {
            TraceFormat.Azure => "TIMESTAMP,ContextTokens,GeneratedTokens\n",
            TraceFormat.BurstGpt => "Timestamp,Model,Request tokens,Response tokens,Total tokens,Log Type\n",
            _ => string.Empty,
        });
        for (var i = 0; i < Rows; i++)
        {
            var micros = i * 22_222L;
            var input = 100 + (i % 4000);
            var output = 1 + (i % 300);
            var line = Format switch
            {
                TraceFormat.Azure => string.Create(CultureInfo.InvariantCulture, $"{start.AddTicks(micros * 10):yyyy-MM-dd HH:mm:ss.ffffff}+00:00,{input},{output}\n"),
                TraceFormat.BurstGpt => string.Create(CultureInfo.InvariantCulture, $"{micros / 1e6:0.######},ChatGPT,{input},{output},{input + output},Conversation log\n"),
                _ => string.Create(CultureInfo.InvariantCulture, $"{{\"timestamp\": {micros / 1000}, \"input_length\": {input}, \"output_length\": {output}, \"hash_ids\": [{string.Join(", ", Enumerable.Range(0, (input + 511) / 512).Select(b => b < 2 ? b : (i * 8) + b))}]}}\n"),
            };
            writer.Write(line);
        }
    }

    /// <summary>Removes the file.</summary>
    [GlobalCleanup]
    public void Cleanup() => File.Delete(_path);

    /// <summary>Replays the whole file.</summary>
    [Benchmark]
    public long ReplayWholeFile()
    {
        using var source = TraceRequestSource.Open(new TraceWorkloadSpec(_path, Format));
        long inputTokens = 0;
        while (source.TryNext(out var request))
        {
            inputTokens += request.InputTokens;
        }

        return inputTokens;
    }
}
