using System.Globalization;

namespace ClusterSim.Cli.Tests.Plan;

public sealed class PlanCommandTests : IDisposable
{
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task Plan_writes_its_folder_and_every_winning_scenario_runs_as_written()
    {
        // kv_memory_fraction 0.5 (40 GB of 80): of the ten shapes of 8 H100 for Llama-3-70B (141.1 GB of BF16
        // weights), those with TP <= 2 (70.6 GB and more per GPU) fail the memory plan; three survive (2 x TP4,
        // 1 x TP8, 1 x TP4.DP2).
        var plan = WritePlan(temp.Path);
        var folder = Path.Combine(temp.Path, "out");

        var result = await CliRunner.RunAsync(["plan", plan, "--out", folder, "--jobs", "2"]);

        Assert.True(result.ExitCode == 0, result.Error);
        foreach (var file in new[] { "plan.csv", "pareto.csv", "pareto.svg", "report.html", "results.json" })
        {
            Assert.True(File.Exists(Path.Combine(folder, file)), file);
        }

        var rows = (await File.ReadAllLinesAsync(Path.Combine(folder, "plan.csv"))).Skip(1).ToArray();
        Assert.Equal(10, rows.Length);
        Assert.Equal(7, rows.Count(r => r.Contains(",pruned,", StringComparison.Ordinal) && r.Contains("exceed kv_memory_fraction", StringComparison.Ordinal)));
        Assert.Equal(3, rows.Count(r => r.Contains(",simulated,", StringComparison.Ordinal)));
        Assert.Contains("<svg", await File.ReadAllTextAsync(Path.Combine(folder, "report.html")), StringComparison.Ordinal);
        Assert.Contains("Best", result.Out, StringComparison.Ordinal);

        var winners = Directory.GetFiles(Path.Combine(folder, "winners"), "*.yaml").Order(StringComparer.Ordinal).ToArray();
        Assert.NotEmpty(winners);
        foreach (var (winner, i) in winners.Select((w, i) => (w, i)))
        {
            var runFolder = Path.Combine(temp.Path, "run-" + i.ToString(CultureInfo.InvariantCulture));
            var run = await CliRunner.RunAsync(["run", winner, "--out", runFolder]);
            Assert.True(run.ExitCode == 0, $"{winner}: {run.Error}");
            Assert.True(File.Exists(Path.Combine(runFolder, "summary.json")));
        }
    }

    [Fact]
    public async Task A_non_empty_folder_is_refused_without_force_and_a_foreign_one_even_with_it()
    {
        var plan = WritePlan(temp.Path);
        var folder = Path.Combine(temp.Path, "foreign");
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "notes.txt"), "mine");

        var refused = await CliRunner.RunAsync(["plan", plan, "--out", folder, "--dry-run"]);
        var forced = await CliRunner.RunAsync(["plan", plan, "--out", folder, "--dry-run", "--force"]);

        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("not empty", Assert.Single(refused.ErrorLines), StringComparison.Ordinal);
        Assert.Equal(2, forced.ExitCode);
        Assert.Contains("only a plan folder", Assert.Single(forced.ErrorLines), StringComparison.Ordinal);
        Assert.Equal("mine", await File.ReadAllTextAsync(Path.Combine(folder, "notes.txt")));
    }

    [Fact]
    public async Task Two_shards_merged_write_the_same_plan_csv_as_one_machine()
    {
        var plan = WritePlan(temp.Path);
        string Folder(string name) => Path.Combine(temp.Path, name);

        var whole = await CliRunner.RunAsync(["plan", plan, "--out", Folder("whole"), "--dry-run"]);
        var first = await CliRunner.RunAsync(["plan", plan, "--out", Folder("s0"), "--dry-run", "--shard-index", "0", "--shard-count", "2"]);
        var second = await CliRunner.RunAsync(["plan", plan, "--out", Folder("s1"), "--dry-run", "--shard-index", "1", "--shard-count", "2"]);
        var incomplete = await CliRunner.RunAsync(["plan", "merge", Folder("s0"), "--out", Folder("partial")]);
        var merged = await CliRunner.RunAsync(["plan", "merge", Folder("s0"), Folder("s1"), "--out", Folder("merged")]);

        Assert.True(whole.ExitCode == 0 && first.ExitCode == 0 && second.ExitCode == 0, whole.Error + first.Error + second.Error);
        Assert.Equal(2, incomplete.ExitCode);
        Assert.Contains("have no result", incomplete.Error, StringComparison.Ordinal);
        Assert.True(merged.ExitCode == 0, merged.Error);
        Assert.Equal(await File.ReadAllTextAsync(Path.Combine(Folder("whole"), "plan.csv")), await File.ReadAllTextAsync(Path.Combine(Folder("merged"), "plan.csv")));
        Assert.Equal(6, (await File.ReadAllLinesAsync(Path.Combine(Folder("s0"), "plan.csv"))).Length);
    }

    [Theory]
    [InlineData("search:\n  ep: [8, x]\n", "search.ep[1]: 'x' is not allowed; allowed: whole numbers from 1 to 1048576")]
    [InlineData("serch:\n  ep: [8]\n", "serch: unknown key 'serch'; did you mean 'search'?")]
    [InlineData("search:\n  ep: [8]\n  modes: [colocated, afd]\n", "search.modes[1]: 'afd' is not allowed; allowed: colocated, disaggregated")]
    [InlineData("search:\n  ep: [8]\nobjective: cheapest\n", "objective: 'cheapest' is not allowed;")]
    [InlineData("search:\n  ep: [8]\n  modes: [disaggregated]\n  prefill_decode_ratios: [\"1-3\"]\n", "search.prefill_decode_ratios[0]: '1-3' is not a ratio; allowed: P:D")]
    [InlineData("search:\n  ep: [8]\ngpus: 12\n", "gpus: 12 is not a whole number of nodes; allowed: multiples of accelerators_per_node (8)")]
    [InlineData("search:\n  all_to_all: [normal]\n", "search.ep: missing")]
    public async Task Bad_plan_input_is_one_line_naming_the_file_the_key_what_is_wrong_and_what_is_allowed(string body, string expected)
    {
        var scenario = Path.Combine(ClusterSim.Tests.TestCatalog.Repository.ScenariosDirectory, "llama-3-70b-h100-tp8.yaml");
        var path = Path.Combine(temp.Path, "bad.yaml");
        await File.WriteAllTextAsync(path, $"scenario: {scenario}\n{body}");

        var result = await CliRunner.RunAsync(["plan", path, "--out", Path.Combine(temp.Path, "never")]);

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.StartsWith($"{path}: {expected}", line, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(temp.Path, "never")));
    }

    internal static string WritePlan(string folder) => ClusterSim.Tests.DeploymentSearch.SmallLlamaPlan.Write(folder, "small", 0.5, top: 3);
}
