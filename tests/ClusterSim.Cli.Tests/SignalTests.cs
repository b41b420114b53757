using System.Diagnostics;
using System.Text.Json.Nodes;

namespace ClusterSim.Cli.Tests;

/// <summary>The signal tests' collection: never run in parallel with other tests of this assembly.</summary>
[CollectionDefinition("Signals", DisableParallelization = true)]
public sealed class SignalCollection;

/// <summary>
/// Issue 19 item 1: the built CLI, run as a child process on a long step-fidelity run, stops on a real SIGINT or
/// SIGTERM with exit 130 within 2 seconds, a summary.json that says partial, and no temporary file left.
/// </summary>
[Collection(Name)]
public sealed class SignalTests
{
    // Alone, not beside the other CLI tests: the 2-second figure measures the tool, not a saturated test machine.
    private const string Name = "Signals";

    [UnixTheory]
    [InlineData("INT")]
    [InlineData("TERM")]
    public async Task A_signal_stops_a_long_run_with_exit_130_and_a_partial_run_folder(string signal)
    {
        using var folder = new TempFolder();
        var runFolder = Path.Combine(folder.Path, "run");
        using var process = StartLongRun(runFolder);
        var stderr = process.StandardError.ReadToEndAsync();
        using var overall = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        try
        {
            await WaitUntilSimulatingAsync(runFolder, process, overall.Token);
            // Timed from before kill(1) starts: the figure includes its own start-up, so it errs on the slow side.
            var signalled = Stopwatch.StartNew();
            await SendAsync(process.Id, signal, overall.Token);
            await process.WaitForExitAsync(overall.Token);
            signalled.Stop();

            Assert.True(process.ExitCode == 130, $"exit {process.ExitCode}; stderr: {await stderr}");
            Assert.True(signalled.Elapsed < TimeSpan.FromSeconds(2), $"{signalled.Elapsed.TotalSeconds:0.###} s from signal to exit");
        }
        finally
        {
            KillIfRunning(process);
        }

        var summary = JsonNode.Parse(File.ReadAllText(Path.Combine(runFolder, "summary.json")))!;
        Assert.True(summary["partial"]!.GetValue<bool>());
        Assert.Empty(Directory.EnumerateFiles(runFolder, "*.tmp-*"));
        var rows = File.ReadAllLines(Path.Combine(runFolder, "requests.csv"));
        Assert.StartsWith("id,status,", rows[0], StringComparison.Ordinal);
        Assert.True(rows.Length > 1, "requests.csv holds the requests finished before the cut");
    }

    // The second Ctrl-C kills at once; the files still being written must go with the process.
    [UnixFact]
    public async Task A_second_sigint_kills_the_run_and_leaves_no_temporary_file()
    {
        using var folder = new TempFolder();
        var runFolder = Path.Combine(folder.Path, "run");
        using var process = StartLongRun(runFolder);
        _ = process.StandardError.ReadToEndAsync();
        using var overall = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        try
        {
            await WaitUntilSimulatingAsync(runFolder, process, overall.Token);
            await SendAsync(process.Id, "INT", overall.Token);
            await SendAsync(process.Id, "INT", overall.Token);
            await process.WaitForExitAsync(overall.Token);
        }
        finally
        {
            KillIfRunning(process);
        }

        Assert.Empty(Directory.EnumerateFiles(runFolder, "*.tmp-*"));
    }

    private static Process StartLongRun(string runFolder)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
        {
            Path.Combine(AppContext.BaseDirectory, "clustersim.dll"), "run", "default",
            "--set", "simulation.duration=300m", "--set", "workload.duration=300m", "--out", runFolder,
        })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start)!;
        // Drain stdout so a full pipe can never block the child.
        _ = process.StandardOutput.ReadToEndAsync();
        return process;
    }

    // The run is simulating once its pending requests.csv has bytes on disk: rows reach the file only after the
    // writers' 64 KiB buffers fill, a few hundred finished requests into the run.
    private static async Task WaitUntilSimulatingAsync(string runFolder, Process process, CancellationToken cancellationToken)
    {
        while (!(Directory.Exists(runFolder) && new DirectoryInfo(runFolder).EnumerateFiles("requests.csv.tmp-*").Any(f => f.Length > 0)))
        {
            Assert.False(process.HasExited, "the run ended before it was signalled");
            await Task.Delay(50, cancellationToken);
        }
    }

    // kill(1) rather than P/Invoke: no interop code in the tests; a signal to a process that already exited is ignored.
    private static async Task SendAsync(int pid, string signal, CancellationToken cancellationToken)
    {
        using var kill = Process.Start("kill", ["-" + signal, pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync(cancellationToken);
    }

    private static void KillIfRunning(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }
    }

    private static string? UnixOnly() =>
        OperatingSystem.IsLinux() || OperatingSystem.IsMacOS() ? null : "POSIX signals (SIGINT, SIGTERM) need a Unix system";

    /// <summary>A theory skipped, with the reason, where POSIX signals do not exist.</summary>
    private sealed class UnixTheoryAttribute : TheoryAttribute
    {
        public UnixTheoryAttribute() => Skip = UnixOnly();
    }

    /// <summary>A fact skipped, with the reason, where POSIX signals do not exist.</summary>
    private sealed class UnixFactAttribute : FactAttribute
    {
        public UnixFactAttribute() => Skip = UnixOnly();
    }
}
