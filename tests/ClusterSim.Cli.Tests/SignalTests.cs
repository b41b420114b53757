using System.Diagnostics;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace ClusterSim.Cli.Tests;

/// <summary>The signal tests' collection: never run in parallel with other tests of this assembly.</summary>
[CollectionDefinition("Signals", DisableParallelization = true)]
public sealed class SignalCollection;

/// <summary>
/// Issue 19 item 1: the built CLI, run as a child process on a long step-fidelity run, stops on a real SIGINT or
/// SIGTERM with exit 130, a summary.json that says partial and covers far less than the run asked for, and no
/// temporary file left. The time from signal to exit is printed, never asserted (CI does not gate on time).
/// </summary>
[Collection(Name)]
public sealed class SignalTests(ITestOutputHelper output)
{
    // Alone, not beside the other CLI tests: the 2-second figure measures the tool, not a saturated test machine.
    private const string Name = "Signals";

    [SigintFact]
    public Task A_sigint_stops_a_long_run_with_exit_130_and_a_partial_run_folder() => StopsWithExit130("INT");

    [UnixFact]
    public Task A_sigterm_stops_a_long_run_with_exit_130_and_a_partial_run_folder() => StopsWithExit130("TERM");

    private async Task StopsWithExit130(string signal)
    {
        using var folder = new TempFolder();
        var runFolder = Path.Combine(folder.Path, "run");
        using var process = StartLongRun(runFolder);
        using var overall = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        try
        {
            var stderr = await WaitUntilSimulatingAsync(process, overall.Token);
            // Timed from before kill(1) starts, so the figure errs on the slow side; printed for the reader, not gated.
            var signalled = Stopwatch.StartNew();
            await SendAsync(process.Id, signal, overall.Token);
            await process.WaitForExitAsync(overall.Token);
            output.WriteLine($"SIG{signal}: {signalled.Elapsed.TotalSeconds:0.###} s from signal to exit");

            Assert.True(process.ExitCode == 130, $"exit {process.ExitCode}; stderr: {await stderr}");
        }
        finally
        {
            KillIfRunning(process);
        }

        var summary = JsonNode.Parse(File.ReadAllText(Path.Combine(runFolder, "summary.json")))!;
        Assert.True(summary["partial"]!.GetValue<bool>());
        // Cut short: the summary covers a small part of the 180,000 simulated seconds asked for.
        var simulated = summary["simulation"]!["simulated_seconds"]!.GetValue<double>();
        output.WriteLine($"simulated {simulated:0.#} of 180000 s before the cut");
        Assert.True(simulated < 180_000, $"simulated {simulated} s: the run was not cut");
        Assert.Empty(Directory.EnumerateFiles(runFolder, "*.tmp-*"));
        var rows = File.ReadAllLines(Path.Combine(runFolder, "requests.csv"));
        Assert.StartsWith("id,status,", rows[0], StringComparison.Ordinal);
    }

    // The second Ctrl-C kills at once; the files still being written must go with the process.
    [SigintFact]
    public async Task A_second_sigint_kills_the_run_and_leaves_no_temporary_file()
    {
        using var folder = new TempFolder();
        var runFolder = Path.Combine(folder.Path, "run");
        using var process = StartLongRun(runFolder);
        using var overall = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        try
        {
            _ = await WaitUntilSimulatingAsync(process, overall.Token);
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

    // 3,000 simulated minutes take about three minutes of CPU on an idle machine: long enough that a test runner
    // starved on a saturated machine (load 28 once) still signals the run while it simulates, not after it ended.
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
            Path.Combine(AppContext.BaseDirectory, "clustersim.dll"), "--verbose", "run", "default",
            "--set", "simulation.duration=3000m", "--set", "workload.duration=3000m", "--out", runFolder,
        })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start)!;
        // Drain stdout so a full pipe can never block the child.
        _ = process.StandardOutput.ReadToEndAsync();
        return process;
    }

    // With --verbose the run logs "Running scenario" to stderr just before it simulates: wait for that line (no
    // polling, no sleep), then keep draining stderr so a full pipe never blocks the child. Returns the rest of stderr.
    private static async Task<Task<string>> WaitUntilSimulatingAsync(Process process, CancellationToken cancellationToken)
    {
        while (await process.StandardError.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Contains("Running scenario", StringComparison.Ordinal))
            {
                return process.StandardError.ReadToEndAsync(cancellationToken);
            }
        }

        Assert.Fail($"the run ended (exit {(process.HasExited ? process.ExitCode : -1)}) before it started simulating");
        return Task.FromResult(string.Empty);
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

    /// <summary>
    /// A SIGINT fact, skipped with the reason where POSIX signals do not exist or where this test process ignores
    /// SIGINT: a non-interactive shell starts background commands (`.ci/run &`, `nohup … &`) with SIGINT ignored, the
    /// child run inherits that, and the .NET runtime (rightly, like any Unix tool) leaves a signal ignored at start-up
    /// ignored, so the signal could not reach the handler under test. Linux says so in /proc/self/status (SigIgn).
    /// </summary>
    private sealed class SigintFactAttribute : FactAttribute
    {
        public SigintFactAttribute() => Skip = UnixOnly() ?? (SigintIgnored() ? "SIGINT is ignored in this test process (started in the background by a non-interactive shell), so a child run inherits it ignored" : null);

        private static bool SigintIgnored()
        {
            const string status = "/proc/self/status";
            if (!File.Exists(status))
            {
                return false;
            }

            foreach (var line in File.ReadLines(status))
            {
                if (line.StartsWith("SigIgn:", StringComparison.Ordinal))
                {
                    // A hex mask with bit (signal − 1) set per ignored signal; SIGINT is 2.
                    var mask = ulong.Parse(line["SigIgn:".Length..].Trim(), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture);
                    return (mask & (1UL << 1)) != 0;
                }
            }

            return false;
        }
    }
}
