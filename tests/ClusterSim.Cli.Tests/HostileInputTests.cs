namespace ClusterSim.Cli.Tests;

/// <summary>
/// Inputs a hostile or careless user types: each is refused with one line naming what is wrong, exit code 2, never
/// an internal error (exit 70) and never a .NET type name.
/// </summary>
public sealed class HostileInputTests
{
    public static TheoryData<string[], string> Refused() => new()
    {
        { ["run", "default", "--seed", "abc"], "clustersim: --seed: 'abc' is not a whole number from 0 to 18446744073709551615" },
        { ["sweep", "default", "--set", "workload.rate_per_s=1,2", "--parallel", "abc"], "clustersim: --parallel: 'abc' is not a whole number" },
        { ["capacity", "default", "--target-attainment", "abc"], "clustersim: --target-attainment: 'abc' is not a number" },
        { ["trace", "requests", "nowhere", "--top", "abc"], "clustersim: --top: 'abc' is not a whole number" },
        { ["trace", "log", "nowhere", "--level", "loud"], "clustersim: --level loud: unknown level; use one of Verbose, Debug, Information, Warning, Error, Fatal (any case)" },
        { ["validate", "default", "--set", "name="], "name: is empty; expected a short name" },
        { ["validate", "default", "--set", "name=a/b"], "name: 'a/b' cannot name a folder" },
        { ["runn"], "clustersim: unknown verb 'runn'; did you mean 'run'? verbs: " },
        { ["nonexistentverb"], "clustersim: unknown verb 'nonexistentverb'; verbs: " },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task Each_is_one_line_and_exit_2(string[] args, string expected)
    {
        var result = await CliRunner.RunAsync(args);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.ErrorLines[0], StringComparison.Ordinal);
        Assert.DoesNotContain("System.", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("internal error", result.Error, StringComparison.Ordinal);
        Assert.True(result.ErrorLines.Length <= 2, result.Error); // the line, and at most "Run '... --help' for usage."
    }

    [Fact]
    public async Task A_directory_given_as_a_scenario_is_named_as_one()
    {
        using var folder = new TempFolder();
        var result = await CliRunner.RunAsync("validate", folder.Path);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal([$"{folder.Path}: is a directory; expected a scenario file (.yaml) or a scenario name"], result.ErrorLines);
    }

    [Fact]
    public async Task Trace_log_levels_are_accepted_in_any_case_as_the_readme_writes_them()
    {
        var parse = await CliRunner.RunAsync("trace", "log", "nowhere", "--level", "Warning");

        // The level is accepted; what fails is the missing run folder, reported as such.
        Assert.Equal(2, parse.ExitCode);
        Assert.StartsWith("nowhere: no such run folder", parse.ErrorLines[0], StringComparison.Ordinal);
    }
}
