using BenchmarkDotNet.Attributes;
using ClusterSim.Engine;
using ClusterSim.Scheduling;
using ClusterSim.Telemetry;

namespace ClusterSim.Benchmarks.Telemetry;

/// <summary>One requests.csv row of a completed request, written to a writer that discards it: time and bytes per row.</summary>
[MemoryDiagnoser]
public class RequestsCsvRowBenchmarks
{
    private RequestsCsvWriter _writer = null!;
    private RequestState _request = null!;

    [GlobalSetup]
    public void Build()
    {
        _writer = new RequestsCsvWriter(TextWriter.Null);
        _request = new RequestState(123_456, SimTime.FromSeconds(812.25), 1500, 250, null);
        _request.Route(17, 5);
        _request.Admit(0, 0, false, SimTime.FromSeconds(812.3));
        _request.PrefilledTokens = 1500;
        _request.CompletePrefill();
        _request.FirstToken = SimTime.FromSeconds(812.9);
        _request.GeneratedTokens = 250;
        _request.ReleaseSlot();
        _request.Finish(SimTime.FromSeconds(826.123456789));
    }

    [Benchmark]
    public void WriteRow() => _writer.Write(_request);
}
