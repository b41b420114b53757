using System.Text.Json;
using ClusterSim.Cli.Hosting;
using ClusterSim.Cli.Logging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ClusterSim.Cli.Tests;

public sealed class RunLogTests
{
    [Fact]
    public void Run_log_is_valid_json_per_line_and_ends_under_its_final_name()
    {
        using var folder = new TempFolder();
        using var host = CliHost.Build(new CliEnvironment(TextWriter.Null, TextWriter.Null), verbose: false);
        var sink = host.Services.GetRequiredService<RunLogSink>();
        var logger = host.Services.GetRequiredService<ILogger<RunLogTests>>();

        using (var log = sink.Open(folder.Path))
        {
            logger.LogDebug("Step {Step} priced at {Seconds} s", 1, 0.0125);
            logger.LogInformation("Request {RequestId} finished with \"quotes\" and\nnewline", "r-7");
            logger.LogWarning("KV cache at {Percent}% on {Instance}", 97.5, "decode-0");
            Assert.False(File.Exists(Path.Combine(folder.Path, RunLog.FileName)));
            Assert.Single(folder.Entries(), e => e.StartsWith("log.clef.tmp-", StringComparison.Ordinal));
        }

        Assert.Equal(["log.clef"], folder.Entries());
        var lines = File.ReadAllLines(Path.Combine(folder.Path, "log.clef"));
        Assert.Equal(3, lines.Length);
        foreach (var line in lines)
        {
            using var json = JsonDocument.Parse(line);
            Assert.True(json.RootElement.TryGetProperty("@t", out _));
            Assert.True(json.RootElement.TryGetProperty("@mt", out _));
        }

        using var first = JsonDocument.Parse(lines[0]);
        Assert.Equal("Debug", first.RootElement.GetProperty("@l").GetString());
        Assert.Equal(1, first.RootElement.GetProperty("Step").GetInt32());
    }

    [Fact]
    public async Task Run_log_ends_under_its_final_name_when_the_run_fails()
    {
        using var folder = new TempFolder();
        using var host = CliHost.Build(new CliEnvironment(TextWriter.Null, TextWriter.Null), verbose: false);
        var sink = host.Services.GetRequiredService<RunLogSink>();
        var logger = host.Services.GetRequiredService<ILogger<RunLogTests>>();

        await Assert.ThrowsAsync<OperationCanceledException>(async () =>
        {
            using var log = sink.Open(folder.Path);
            logger.LogError("Run stopping");
            await Task.Yield();
            throw new OperationCanceledException();
        });

        Assert.Equal(["log.clef"], folder.Entries());
        Assert.Single(File.ReadAllLines(Path.Combine(folder.Path, "log.clef")));
    }

    [Fact]
    public async Task Parallel_runs_each_log_only_their_own_events()
    {
        using var folder = new TempFolder();
        using var host = CliHost.Build(new CliEnvironment(TextWriter.Null, TextWriter.Null), verbose: false);
        var sink = host.Services.GetRequiredService<RunLogSink>();
        var logger = host.Services.GetRequiredService<ILogger<RunLogTests>>();
        var a = Directory.CreateDirectory(Path.Combine(folder.Path, "a")).FullName;
        var b = Directory.CreateDirectory(Path.Combine(folder.Path, "b")).FullName;

        async Task RunAsync(string runFolder, string name)
        {
            await Task.Yield();
            using var log = sink.Open(runFolder);
            for (var i = 0; i < 20; i++)
            {
                logger.LogInformation("{Run} event {Index}", name, i);
                await Task.Yield();
            }
        }

        await Task.WhenAll(Task.Run(() => RunAsync(a, "a")), Task.Run(() => RunAsync(b, "b")));
        logger.LogWarning("outside any run");

        var linesA = File.ReadAllLines(Path.Combine(a, "log.clef"));
        var linesB = File.ReadAllLines(Path.Combine(b, "log.clef"));
        Assert.Equal(20, linesA.Length);
        Assert.Equal(20, linesB.Length);
        Assert.All(linesA, line => Assert.Contains("\"Run\":\"a\"", line, StringComparison.Ordinal));
        Assert.All(linesB, line => Assert.Contains("\"Run\":\"b\"", line, StringComparison.Ordinal));
    }

    [Fact]
    public void Console_log_shows_warnings_but_not_debug_unless_verbose()
    {
        using var quiet = new StringWriter();
        using var verbose = new StringWriter();
        using (var host = CliHost.Build(new CliEnvironment(TextWriter.Null, quiet), verbose: false))
        {
            var logger = host.Services.GetRequiredService<ILogger<RunLogTests>>();
            logger.LogDebug("detail");
            logger.LogWarning("watch out");
        }

        using (var host = CliHost.Build(new CliEnvironment(TextWriter.Null, verbose), verbose: true))
        {
            var logger = host.Services.GetRequiredService<ILogger<RunLogTests>>();
            logger.LogDebug("detail");
        }

        Assert.Equal("clustersim: WRN watch out\n", quiet.ToString().ReplaceLineEndings("\n"));
        Assert.Contains("DBG detail", verbose.ToString(), StringComparison.Ordinal);
    }
}
