using ClusterSim.Cli.Commands;
using ClusterSim.Scenarios;
using Microsoft.Extensions.DependencyInjection;
using ClusterSim.Input;

namespace ClusterSim.Cli.Tests;

public sealed class VerbTests
{
    [Theory]
    [InlineData("run", "--bogus")]
    [InlineData("--bogus")]
    [InlineData("frobnicate")]
    [InlineData()]
    [InlineData("sweep", "s.yaml")]
    [InlineData("sweep", "s.yaml", "--set", "a=1", "--shard-index", "1")]
    [InlineData("sweep", "s.yaml", "--set", "a=1", "--shard-index", "2", "--shard-count", "2")]
    [InlineData("run", "--set", "novalue")]
    [InlineData("run", "--fidelity", "atom")]
    [InlineData("run", "--seed", "-1")]
    [InlineData("capacity", "s.yaml", "--target-attainment", "1.5")]
    [InlineData("analyze", "--model", "m")]
    [InlineData("analyze", "--scenario", "s.yaml", "--batch", "0")]
    [InlineData("compare", "a", "b", "--tolerance", "ttft")]
    [InlineData("bench", "engine", "--scale", "0")]
    public async Task Bad_arguments_exit_2_without_running_the_verb(params string[] args)
    {
        var result = await CliRunner.RunAsync(args);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("clustersim: ", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("not available yet", result.Error, StringComparison.Ordinal);
        Assert.Contains("--help' for usage.", result.ErrorLines[^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_passes_every_parsed_argument_to_its_handler()
    {
        var handler = new Recording<RunArguments>(0);

        var result = await CliRunner.RunAsync(
            ["run", "s.yaml", "--out", "o", "--seed", "42", "--set", "a.b=1", "--set", "c = 2 GB", "--force", "--fidelity", "layer"],
            settings: null,
            services => services.AddSingleton<IVerbHandler<RunArguments>>(handler),
            CancellationToken.None);

        Assert.Equal(0, result.ExitCode);
        var received = Assert.Single(handler.Received);
        Assert.Equal("s.yaml", received.Scenario);
        Assert.Equal("o", received.OutDirectory);
        Assert.Equal(42UL, received.Seed);
        Assert.Equal([new SetAssignment("a.b", "1"), new SetAssignment("c", "2 GB")], received.Settings);
        Assert.True(received.Force);
        Assert.Equal(Fidelity.Layer, received.Fidelity);
    }

    [Fact]
    public async Task Sweep_parses_value_lists_and_shards()
    {
        var handler = new Recording<SweepArguments>(0);

        await CliRunner.RunAsync(
            ["sweep", "s.yaml", "--set", "ep=8,16, 32", "--set", "rate=1", "--parallel", "3", "--shard-index", "1", "--shard-count", "4"],
            settings: null,
            services => services.AddSingleton<IVerbHandler<SweepArguments>>(handler),
            CancellationToken.None);

        var received = Assert.Single(handler.Received);
        Assert.Equal(2, received.Axes.Count);
        Assert.Equal(["8", "16", "32"], received.Axes[0].Values);
        Assert.Equal((3, 1, 4), (received.Parallel, received.ShardIndex, received.ShardCount));
    }

    [Fact]
    public async Task User_error_from_a_handler_exits_2_with_its_one_line_message()
    {
        var handler = new Throwing<ValidateArguments>(new UserErrorException("s.yaml: deployment.decode.experts.ep: 7 does not divide 256 experts"));

        var result = await CliRunner.RunAsync(
            ["validate", "s.yaml"],
            settings: null,
            services => services.AddSingleton<IVerbHandler<ValidateArguments>>(handler),
            CancellationToken.None);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(["s.yaml: deployment.decode.experts.ep: 7 does not divide 256 experts"], result.ErrorLines);
    }

    [Fact]
    public async Task Scenario_file_error_from_a_handler_exits_2_with_its_one_line_message()
    {
        var handler = new Throwing<RunArguments>(new InputException("s.yaml", "hardware.hbm", "'141 GX' is not a size; use B, KB, MB, GB, TB"));

        var result = await CliRunner.RunAsync(
            ["run", "s.yaml"],
            settings: null,
            services => services.AddSingleton<IVerbHandler<RunArguments>>(handler),
            CancellationToken.None);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(["s.yaml: hardware.hbm: '141 GX' is not a size; use B, KB, MB, GB, TB"], result.ErrorLines);
    }

    [Fact]
    public async Task Cancellation_exits_130_with_one_line()
    {
        using var cancellation = new CancellationTokenSource();
        var handler = new WaitingForCancel<RunArguments>(cancellation);

        var result = await CliRunner.RunAsync(
            ["run", "s.yaml"],
            settings: null,
            services => services.AddSingleton<IVerbHandler<RunArguments>>(handler),
            cancellation.Token);

        Assert.Equal(130, result.ExitCode);
        Assert.Equal(["clustersim run: cancelled"], result.ErrorLines);
    }

    [Fact]
    public async Task Bug_in_a_handler_escapes_so_it_fails_loudly()
    {
        var handler = new Throwing<CompareArguments>(new InvalidOperationException("bug"));

        await Assert.ThrowsAsync<InvalidOperationException>(() => CliRunner.RunAsync(
            ["compare", "a", "b"],
            settings: null,
            services => services.AddSingleton<IVerbHandler<CompareArguments>>(handler),
            CancellationToken.None));
    }

    [Theory]
    [InlineData("Runs:Directory", "", "RunsOptions")]
    [InlineData("Console:Progress", "sometimes", "Progress")]
    [InlineData("Console:Width", "wide", "Console:Width")]
    [InlineData("Console:Width", "10", "Width")]
    [InlineData("Runs:LogLevel", "Chatty", "LogLevel")]
    [InlineData("Catalog:ScenariosDirectory", "", "ScenariosDirectory")]
    public async Task Invalid_setting_exits_2_with_one_line_naming_it(string key, string value, string expectedInMessage)
    {
        var result = await CliRunner.RunAsync(
            ["run", "s.yaml"],
            new Dictionary<string, string?> { [key] = value },
            services: null,
            CancellationToken.None);

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.StartsWith("clustersim: invalid setting: ", line, StringComparison.Ordinal);
        Assert.Contains(expectedInMessage, line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Several_invalid_settings_are_reported_together_on_one_line()
    {
        var result = await CliRunner.RunAsync(
            ["run", "s.yaml"],
            new Dictionary<string, string?> { ["Runs:Directory"] = "", ["Console:Progress"] = "sometimes" },
            services: null,
            CancellationToken.None);

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.Contains("Directory", line, StringComparison.Ordinal);
        Assert.Contains("Progress", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_needs_no_valid_settings()
    {
        var result = await CliRunner.RunAsync(
            ["run", "--help"],
            new Dictionary<string, string?> { ["Console:Width"] = "wide" },
            services: null,
            CancellationToken.None);

        Assert.Equal(0, result.ExitCode);
    }

    private sealed class Recording<T>(int exitCode) : IVerbHandler<T>
    {
        public List<T> Received { get; } = [];

        public Task<int> HandleAsync(T arguments, CancellationToken cancellationToken)
        {
            Received.Add(arguments);
            return Task.FromResult(exitCode);
        }
    }

    private sealed class Throwing<T>(Exception exception) : IVerbHandler<T>
    {
        public Task<int> HandleAsync(T arguments, CancellationToken cancellationToken) => throw exception;
    }

    private sealed class WaitingForCancel<T>(CancellationTokenSource source) : IVerbHandler<T>
    {
        public async Task<int> HandleAsync(T arguments, CancellationToken cancellationToken)
        {
            // Stands in for Ctrl-C arriving while the run is in progress.
            await source.CancelAsync();
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return 0;
        }
    }
}
