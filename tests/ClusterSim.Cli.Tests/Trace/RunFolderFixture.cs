namespace ClusterSim.Cli.Tests.Trace;

/// <summary>One short run of the default scenario (trace on), shared by the trace and report tests; deleted afterwards.</summary>
public sealed class RunFolderFixture : IDisposable
{
    private readonly TempFolder _folder = new();

    public RunFolderFixture()
    {
        Path = System.IO.Path.Combine(_folder.Path, "run");
        var result = CliRunner.RunAsync(
            "run", "default", "--out", Path,
            "--set", "workload.duration=6 s", "--set", "simulation.duration=6 s", "--set", "simulation.warmup=1 s",
            "--set", "workload.rate_per_s=30", "--set", "slo.ttft_ms=300", "--set", "outputs.trace=true").GetAwaiter().GetResult();
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"the fixture run failed with {result.ExitCode}: {result.Error}");
        }

        RunOutput = result.Out;
    }

    /// <summary>The run folder.</summary>
    public string Path { get; }

    /// <summary>What `run` printed on stdout.</summary>
    public string RunOutput { get; }

    public void Dispose() => _folder.Dispose();
}
