namespace ClusterSim.Cli.Tests.Sweep;

/// <summary>A small sweep of the default scenario run once serially; tests compare other ways of running it with it.</summary>
public sealed class SweepFixture : IAsyncLifetime, IDisposable
{
    // Short runs keep every point well under a second; the fixed keys are single-value axes.
    public static readonly string[] Axes =
    [
        "--set", "deployment.serving.experts.ep=8,16",
        "--set", "workload.rate_per_s=2,4",
        "--set", "simulation.duration=12 s",
        "--set", "simulation.warmup=2 s",
        "--set", "workload.duration=12 s",
    ];

    private readonly TempFolder temp = new();

    public string Root => temp.Path;

    public string SerialFolder => Path.Combine(temp.Path, "serial");

    public string SerialOut { get; private set; } = string.Empty;

    public static string[] Sweep(string outFolder, params string[] extra) => ["sweep", "default", .. Axes, "--out", outFolder, .. extra];

    public async Task InitializeAsync()
    {
        var result = await CliRunner.RunAsync(Sweep(SerialFolder, "--parallel", "1"));
        Assert.True(result.ExitCode == 0, result.Error);
        SerialOut = result.Out;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => temp.Dispose();
}
