using System.Diagnostics;

namespace ClusterSim.Cli.Tests;

/// <summary>Runs the built executable (clustersim.dll beside the tests, with its catalog) as a child process.</summary>
internal static class CliProcess
{
    /// <summary>The built program; its scenarios/ catalog is copied beside it.</summary>
    public static string Dll => Path.Combine(AppContext.BaseDirectory, "clustersim.dll");

    /// <summary>Runs <c>dotnet clustersim.dll ARGS</c> in <paramref name="workingDirectory"/> (the test's own when null).</summary>
    public static async Task<(int Code, string Stdout, string Stderr)> RunAsync(string? workingDirectory, TimeSpan timeout, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Directory.GetCurrentDirectory(),
        };
        start.ArgumentList.Add(Dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        await process.WaitForExitAsync(cancel.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}
