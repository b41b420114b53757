namespace ClusterSim.Cli.Tests.Validate;

/// <summary>The output-volume and run-length guard, through the real verbs (issue 19, item 2).</summary>
public sealed class OutputGuardVerbTests
{
    private static readonly string[] OneNanosecond =
        ["--set", "outputs.timeseries_window=1ns", "--set", "simulation.duration=5s", "--set", "workload.duration=5s", "--set", "simulation.warmup=1s"];

    [Fact]
    public async Task Run_refuses_a_one_nanosecond_window_in_one_line_with_exit_2_and_writes_nothing()
    {
        using var temp = new TempFolder();
        var folder = Path.Combine(temp.Path, "out");
        var result = await CliRunner.RunAsync(["run", "default", "--out", folder, .. OneNanosecond]);

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.Contains("outputs.timeseries_window:", line, StringComparison.Ordinal);
        Assert.Contains("--allow-large", line, StringComparison.Ordinal);
        Assert.False(Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any());
    }

    [Fact]
    public async Task Run_refuses_a_hundred_thousand_hours_naming_simulation_duration()
    {
        using var temp = new TempFolder();
        var result = await CliRunner.RunAsync("run", "default", "--out", Path.Combine(temp.Path, "out"), "--set", "simulation.duration=100000h");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("simulation.duration:", Assert.Single(result.ErrorLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_prints_the_estimate_and_the_refusal_run_would_give()
    {
        var fine = await CliRunner.RunAsync("validate", "default");
        var large = await CliRunner.RunAsync(["validate", "default", .. OneNanosecond]);

        Assert.Equal(0, fine.ExitCode);
        Assert.Contains("estimate: about 2,160 requests, 18,000 timeseries rows", fine.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("run would refuse", fine.Out, StringComparison.Ordinal);
        Assert.Equal(0, large.ExitCode);
        Assert.Contains("warning: run would refuse without --allow-large", large.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sweep_and_capacity_refuse_a_point_too_long_to_run()
    {
        using var temp = new TempFolder();
        var sweep = await CliRunner.RunAsync("sweep", "default", "--set", "simulation.duration=3m,2000h", "--out", Path.Combine(temp.Path, "sweep"));
        var capacity = await CliRunner.RunAsync("capacity", "default", "--set", "simulation.duration=2000h", "--set", "slo.tpot_ms=100");

        Assert.Equal(2, sweep.ExitCode);
        Assert.Contains("simulation.duration:", Assert.Single(sweep.ErrorLines), StringComparison.Ordinal);
        Assert.Equal(2, capacity.ExitCode);
        Assert.Contains("Runs:MaxRunHours", Assert.Single(capacity.ErrorLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_warns_when_no_request_fits_the_KV_cache()
    {
        var result = await CliRunner.RunAsync("validate", "default", "--set", "workload.input_tokens=4000000");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("warning: workload.input_tokens: no request can ever fit the KV cache", result.Out, StringComparison.Ordinal);
    }
}
