using ClusterSim.Cli.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ClusterSim.Cli.Tests;

[CollectionDefinition(nameof(ProcessEnvironment), DisableParallelization = true)]
public sealed class ProcessEnvironment;

/// <summary>These tests set process environment variables, so they run alone.</summary>
[Collection(nameof(ProcessEnvironment))]
public sealed class ConfigurationTests
{
    [Fact]
    public void Appsettings_json_beside_the_binary_supplies_the_defaults()
    {
        var file = Path.Combine(AppContext.BaseDirectory, "appsettings.json");
        using var host = CliHost.Build(new CliEnvironment(TextWriter.Null, TextWriter.Null), verbose: false);
        CliHost.ValidateSettings(host.Services);

        Assert.True(File.Exists(file), "appsettings.json must be copied to the output folder");
        Assert.Equal("runs", host.Services.GetRequiredService<IOptions<RunsOptions>>().Value.Directory);
        Assert.Equal("auto", host.Services.GetRequiredService<IOptions<ConsoleOptions>>().Value.Progress);
        Assert.Null(host.Services.GetRequiredService<IOptions<CatalogOptions>>().Value.ScenariosDirectory);
    }

    [Fact]
    public void Environment_variable_with_the_clustersim_prefix_overrides_appsettings()
    {
        Environment.SetEnvironmentVariable("CLUSTERSIM_Runs__Directory", "elsewhere");
        try
        {
            using var host = CliHost.Build(new CliEnvironment(TextWriter.Null, TextWriter.Null), verbose: false);

            Assert.Equal("elsewhere", host.Services.GetRequiredService<IOptions<RunsOptions>>().Value.Directory);
        }
        finally
        {
            Environment.SetEnvironmentVariable("CLUSTERSIM_Runs__Directory", null);
        }
    }

    [Fact]
    public async Task Invalid_environment_variable_stops_a_verb_with_one_line_and_exit_2()
    {
        Environment.SetEnvironmentVariable("CLUSTERSIM_Console__Progress", "sometimes");
        try
        {
            var result = await CliRunner.RunAsync("validate", "s.yaml");

            Assert.Equal(2, result.ExitCode);
            var line = Assert.Single(result.ErrorLines);
            Assert.Contains("Progress", line, StringComparison.Ordinal);
            Assert.Contains("CLUSTERSIM_", line, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable("CLUSTERSIM_Console__Progress", null);
        }
    }
}
