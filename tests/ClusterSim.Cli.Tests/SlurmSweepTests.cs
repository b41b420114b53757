using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Xunit.Abstractions;

namespace ClusterSim.Cli.Tests;

/// <summary>
/// Issue 17: a sharded sweep really scheduled by Slurm. A single-node Slurm (slurmctld and slurmd as root,
/// auth/none, all state in a temporary folder) runs deploy/slurm/submit-sweep.sh: a 4-task array job, one shard per
/// task, then the merge job after them (afterok). Its sweep.csv must equal, byte for byte, the same sweep run in one
/// process. Skipped with the reason where Slurm is not installed or the test does not run as root.
/// </summary>
[Collection("Signals")]
public sealed class SlurmSweepTests(ITestOutputHelper output)
{
    private static readonly string[] SweepOptions =
    [
        "--set", "simulation.duration=5 s", "--set", "workload.duration=5 s", "--set", "simulation.warmup=1 s",
        "--set", "workload.rate_per_s=2,4,6,8",
    ];

    [SlurmFact]
    public async Task A_four_shard_sweep_through_slurm_equals_the_one_process_sweep()
    {
        using var work = new TempFolder();
        var conf = WriteConfiguration(work.Path);
        var environment = new Dictionary<string, string> { ["SLURM_CONF"] = conf, ["CLUSTERSIM"] = $"dotnet {CliProcess.Dll}" };
        using var overall = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        using var controller = StartDaemon("slurmctld", ["-D", "-i", "-f", conf]);
        using var node = StartDaemon("slurmd", ["-D", "-f", conf]);
        try
        {
            // Ready when each daemon says so on stderr (foreground mode, no log file configured).
            await WaitForLineAsync(controller, "Running as primary controller", overall.Token);
            await WaitForLineAsync(node, "slurmd started", overall.Token);

            var scenario = Path.Combine(RepositoryPaths.Root, "scenarios", "default.yaml");
            var sharded = Path.Combine(work.Path, "sharded");
            var merge = (await RunAsync(
                work.Path,
                environment,
                overall.Token,
                Path.Combine(RepositoryPaths.Root, "deploy", "slurm", "submit-sweep.sh"),
                ["4", sharded, scenario, .. SweepOptions])).Trim();
            output.WriteLine($"merge job {merge}");

            // A job that waits for the merge to end, however it ends; sbatch --wait returns when it has run.
            await RunAsync(work.Path, environment, overall.Token, "sbatch", "--wait", "--quiet", $"--dependency=afterany:{merge}", "-o", "/dev/null", "--wrap", "true");

            var single = Path.Combine(work.Path, "single");
            var (code, _, stderr) = await CliProcess.RunAsync(work.Path, TimeSpan.FromMinutes(5), ["sweep", scenario, .. SweepOptions, "--out", single]);
            Assert.True(code == 0, stderr);
            var logs = Directory.GetFiles(sharded + ".slurm-logs").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
            output.WriteLine($"slurm logs: {string.Join(", ", logs)}");
            Assert.Equal(5, logs.Count); // four shards and the merge
            Assert.True(File.Exists(Path.Combine(sharded, "sweep.csv")), "the merge wrote no sweep.csv");
            Assert.Equal(File.ReadAllBytes(Path.Combine(single, "sweep.csv")), File.ReadAllBytes(Path.Combine(sharded, "sweep.csv")));
        }
        finally
        {
            // Stop exactly the daemons this test started, by their pids.
            foreach (var daemon in new[] { node, controller })
            {
                if (!daemon.HasExited)
                {
                    daemon.Kill(entireProcessTree: true);
                    await daemon.WaitForExitAsync(CancellationToken.None);
                }
            }
        }
    }

    private static string WriteConfiguration(string folder)
    {
        foreach (var sub in new[] { "state", "spool" })
        {
            Directory.CreateDirectory(Path.Combine(folder, sub));
        }

        var host = Environment.MachineName;
        var conf = Path.Combine(folder, "slurm.conf");
        File.WriteAllLines(conf,
        [
            "ClusterName=clustersim-test",
            $"SlurmctldHost={host}",
            $"SlurmctldPort={FreePort()}",
            $"SlurmdPort={FreePort()}",
            "AuthType=auth/none",
            "CredType=cred/none",
            "SlurmUser=root",
            "SlurmdUser=root",
            $"StateSaveLocation={Path.Combine(folder, "state")}",
            $"SlurmdSpoolDir={Path.Combine(folder, "spool")}",
            $"SlurmctldPidFile={Path.Combine(folder, "slurmctld.pid")}",
            $"SlurmdPidFile={Path.Combine(folder, "slurmd.pid")}",
            "ProctrackType=proctrack/pgid",
            "TaskPlugin=task/none",
            "SelectType=select/cons_tres",
            "SelectTypeParameters=CR_CPU",
            "MpiDefault=none",
            "ReturnToService=2",
            "JobCompType=jobcomp/none",
            "AccountingStorageType=accounting_storage/none",
            $"NodeName={host} CPUs={Environment.ProcessorCount} State=UNKNOWN",
            "PartitionName=test Nodes=ALL Default=YES MaxTime=INFINITE State=UP",
        ]);
        return conf;
    }

    // A port nothing listens on now, so a Slurm already running on this machine is left alone.
    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static Process StartDaemon(string file, string[] args)
    {
        var start = new ProcessStartInfo(RepositoryPaths.Which(file)!) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return Process.Start(start)!;
    }

    private static async Task WaitForLineAsync(Process daemon, string text, CancellationToken cancellation)
    {
        while (await daemon.StandardError.ReadLineAsync(cancellation) is { } line)
        {
            if (line.Contains(text, StringComparison.Ordinal))
            {
                // Keep draining so the daemon never blocks on a full pipe.
                _ = daemon.StandardError.ReadToEndAsync(CancellationToken.None);
                _ = daemon.StandardOutput.ReadToEndAsync(CancellationToken.None);
                return;
            }
        }

        throw new InvalidOperationException($"{daemon.StartInfo.FileName} exited (code {daemon.ExitCode}) before printing '{text}'");
    }

    private static async Task<string> RunAsync(string folder, Dictionary<string, string> environment, CancellationToken cancellation, string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = folder };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(cancellation);
        var stderr = process.StandardError.ReadToEndAsync(cancellation);
        await process.WaitForExitAsync(cancellation);
        Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', args)} exited {process.ExitCode}: {await stderr}");
        return await stdout;
    }

    /// <summary>Runs only where a single-node Slurm can start: Linux, as root, with slurmctld, slurmd and sbatch on PATH.</summary>
    private sealed class SlurmFactAttribute : FactAttribute
    {
        public SlurmFactAttribute() => Skip = Why();

        private static string? Why()
        {
            if (!OperatingSystem.IsLinux())
            {
                return "Slurm test: Linux only";
            }

            if (!string.Equals(Environment.UserName, "root", StringComparison.Ordinal))
            {
                return "Slurm test: slurmd must run as root";
            }

            var missing = new[] { "slurmctld", "slurmd", "sbatch" }.Where(tool => RepositoryPaths.Which(tool) is null).ToList();
            return missing.Count == 0 ? null : $"Slurm test: {string.Join(", ", missing)} not installed (apt-get install slurm-wlm)";
        }
    }
}
