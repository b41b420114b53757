namespace ClusterSim.Cli.Tests;

/// <summary>A few checks of the real executable: Main, the console writers and the exit code the shell sees.</summary>
public sealed class ProcessTests
{
    [Fact]
    public async Task Executable_bad_input_exits_2_with_one_stderr_line_and_empty_stdout()
    {
        var (code, stdout, stderr) = await RunProcessAsync("run", "no-such-scenario.yaml");

        Assert.Equal(2, code);
        Assert.Equal(string.Empty, stdout);
        var lines = stderr.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
        var line = Assert.Single(lines);
        Assert.StartsWith("no-such-scenario.yaml: no such scenario file", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Executable_help_exits_0_and_writes_stdout_only()
    {
        var (code, stdout, stderr) = await RunProcessAsync("--help");

        Assert.Equal(0, code);
        Assert.StartsWith("Description:", stdout, StringComparison.Ordinal);
        Assert.Equal(string.Empty, stderr);
    }

    private static Task<(int Code, string Stdout, string Stderr)> RunProcessAsync(params string[] args) =>
        CliProcess.RunAsync(null, TimeSpan.FromSeconds(30), args);
}
