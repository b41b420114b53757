using System.Text.Json.Nodes;

namespace ClusterSim.Cli.Tests.Sweep;

public sealed class SweepCommandTests(SweepFixture fixture) : IClassFixture<SweepFixture>
{
    private string Serial => fixture.SerialFolder;

    [Fact]
    public void The_table_shows_only_swept_settings_under_short_headers_and_fixed_ones_in_its_title()
    {
        var table = fixture.SerialOut;
        Assert.Contains("experts.ep", table, StringComparison.Ordinal);
        Assert.Contains("simulation.duration=12 s", table, StringComparison.Ordinal);
        Assert.DoesNotContain("deployment.serving.experts.ep", table, StringComparison.Ordinal);
        Assert.DoesNotContain("…", table, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_warning_of_a_sweep_point_names_the_point()
    {
        using var temp = new TempFolder();
        var result = await CliRunner.RunAsync(
            "sweep", "default", "--set", "workload.rate_per_s=30,40", "--set", "simulation.duration=3 s", "--set", "workload.duration=3 s",
            "--set", "simulation.warmup=1 s", "--set", "simulation.drain_limit=0 s", "--parallel", "1", "--out", Path.Combine(temp.Path, "s"));

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains(result.ErrorLines, l => l.Contains("WRN point 0: ", StringComparison.Ordinal) && l.Contains("drain limit", StringComparison.Ordinal));
        Assert.Contains(result.ErrorLines, l => l.Contains("WRN point 1: ", StringComparison.Ordinal) && l.Contains("drain limit", StringComparison.Ordinal));
    }

    [Fact]
    public void Short_headers_keep_the_tail_that_tells_columns_apart()
    {
        Assert.Equal(
            ["prefill.experts.ep", "decode.experts.ep", "workload.rate_per_s"],
            ClusterSim.Cli.Sweep.SweepOutputs.ShortHeaders(["deployment.prefill.experts.ep", "deployment.decode.experts.ep", "workload.rate_per_s"]));
    }

    [Fact]
    public void Sweep_writes_one_complete_folder_per_point_sweep_csv_and_the_plots()
    {
        var points = Directory.GetDirectories(Serial, "point-*").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray();

        Assert.Equal(4, points.Length);
        Assert.All(points, p => Assert.Matches("^point-000[0-3]-[0-9a-f]{8}$", p!));
        Assert.All(points, p =>
        {
            Assert.True(File.Exists(Path.Combine(Serial, p!, "summary.json")));
            Assert.True(File.Exists(Path.Combine(Serial, p!, "requests.csv")));
            Assert.True(File.Exists(Path.Combine(Serial, p!, "point.json")));
        });
        var csv = File.ReadAllLines(Path.Combine(Serial, "sweep.csv"));
        Assert.Equal(5, csv.Length);
        Assert.StartsWith("point,id,deployment.serving.experts.ep,workload.rate_per_s,", csv[0], StringComparison.Ordinal);
        Assert.Contains("throughput.output_tokens_per_s_per_gpu", csv[0], StringComparison.Ordinal);
        Assert.Contains("pools.serving.expert_intensity", csv[0], StringComparison.Ordinal);
        Assert.DoesNotContain("wall_seconds", csv[0], StringComparison.Ordinal);
        foreach (var plot in new[] { "throughput-per-gpu", "tpot-p99", "tokens-per-expert", "expert-intensity", "expert-imbalance", "bottleneck-shares-rate_per_s_2" })
        {
            Assert.True(new FileInfo(Path.Combine(Serial, plot + ".png")).Length > 1000, plot + ".png");
            Assert.Contains("<svg xmlns", File.ReadAllText(Path.Combine(Serial, plot + ".svg")), StringComparison.Ordinal);
        }

        Assert.Empty(Directory.GetFiles(Serial, "*.tmp-*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Sweep_in_parallel_writes_a_byte_identical_sweep_csv()
    {
        var parallel = Path.Combine(fixture.Root, "parallel");

        var result = await CliRunner.RunAsync(SweepFixture.Sweep(parallel, "--parallel", "4"));

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Equal(File.ReadAllBytes(Path.Combine(Serial, "sweep.csv")), File.ReadAllBytes(Path.Combine(parallel, "sweep.csv")));
    }

    [Fact]
    public async Task Shards_merged_equal_the_unsharded_sweep()
    {
        var shard0 = Path.Combine(fixture.Root, "shard0");
        var shard1 = Path.Combine(fixture.Root, "shard1");
        var merged = Path.Combine(fixture.Root, "merged");

        var first = await CliRunner.RunAsync(SweepFixture.Sweep(shard0, "--shard-index", "0", "--shard-count", "2"));
        var second = await CliRunner.RunAsync(SweepFixture.Sweep(shard1, "--shard-index", "1", "--shard-count", "2"));
        var merge = await CliRunner.RunAsync("sweep", "merge", shard0, shard1, "--out", merged);

        Assert.True(first.ExitCode == 0 && second.ExitCode == 0, first.Error + second.Error);
        Assert.Contains("clustersim sweep merge", first.Out, StringComparison.Ordinal);
        // Shard 0 of 2 owns points 0 and 2.
        Assert.Equal(["point-0000", "point-0002"], Directory.GetDirectories(shard0, "point-*").Select(d => Path.GetFileName(d)[..10]).Order(StringComparer.Ordinal));
        Assert.False(File.Exists(Path.Combine(shard0, "sweep.csv")));
        Assert.True(merge.ExitCode == 0, merge.Error);
        Assert.Equal(File.ReadAllBytes(Path.Combine(Serial, "sweep.csv")), File.ReadAllBytes(Path.Combine(merged, "sweep.csv")));
    }

    [Fact]
    public async Task Merge_of_an_incomplete_sweep_exits_2_naming_the_missing_points()
    {
        var shard0 = Path.Combine(fixture.Root, "lonely-shard");
        await CliRunner.RunAsync(SweepFixture.Sweep(shard0, "--shard-index", "0", "--shard-count", "2"));

        var merge = await CliRunner.RunAsync("sweep", "merge", shard0);

        Assert.Equal(2, merge.ExitCode);
        Assert.Equal(["sweep merge: 2 of 4 points have no complete folder (points 1, 3); run their shards (or re-run the sweep into the same --out to resume) and merge again"], merge.ErrorLines);
    }

    [Fact]
    public async Task A_sweep_point_equals_a_single_run_of_the_same_settings()
    {
        var single = Path.Combine(fixture.Root, "single");
        var pointFolder = Directory.GetDirectories(Serial, "point-0003-*").Single();

        var result = await CliRunner.RunAsync(
            "run", "default", "--out", single,
            "--set", "deployment.serving.experts.ep=16", "--set", "workload.rate_per_s=4",
            "--set", "simulation.duration=12 s", "--set", "simulation.warmup=2 s", "--set", "workload.duration=12 s");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Equal(WithoutWallClock(Path.Combine(single, "summary.json")), WithoutWallClock(Path.Combine(pointFolder, "summary.json")));
        Assert.Equal(File.ReadAllBytes(Path.Combine(single, "requests.csv")), File.ReadAllBytes(Path.Combine(pointFolder, "requests.csv")));
    }

    [Fact]
    public async Task A_resumed_sweep_reruns_only_the_incomplete_points()
    {
        var folder = Path.Combine(fixture.Root, "resume");
        CopyFolder(Serial, folder);
        var damaged = Directory.GetDirectories(folder, "point-0001-*").Single();
        File.Delete(Path.Combine(damaged, "summary.json"));
        var untouched = Path.Combine(Directory.GetDirectories(folder, "point-0002-*").Single(), "summary.json");
        var stamp = new DateTime(2001, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(untouched, stamp);

        var result = await CliRunner.RunAsync(SweepFixture.Sweep(folder));

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("(1 run, 3 reused", result.Out, StringComparison.Ordinal);
        Assert.Equal(stamp, File.GetLastWriteTimeUtc(untouched));
        Assert.Equal(File.ReadAllBytes(Path.Combine(Serial, "sweep.csv")), File.ReadAllBytes(Path.Combine(folder, "sweep.csv")));
    }

    [Fact]
    public async Task A_different_sweep_into_the_same_folder_exits_2()
    {
        var folder = Path.Combine(fixture.Root, "other");
        CopyFolder(Serial, folder);

        var result = await CliRunner.RunAsync(["sweep", "default", "--set", "workload.rate_per_s=3", "--out", folder]);

        Assert.Equal(2, result.ExitCode);
        Assert.Single(result.ErrorLines);
        Assert.Contains("holds a different sweep", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_point_the_scenario_rejects_fails_the_sweep_before_anything_runs()
    {
        var folder = Path.Combine(fixture.Root, "bad-point");

        var result = await CliRunner.RunAsync(["sweep", "default", "--set", "deployment.serving.experts.ep=16,5", "--out", folder]);

        Assert.Equal(2, result.ExitCode);
        Assert.Single(result.ErrorLines);
        Assert.Contains("experts.ep", result.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(folder));
    }

    private static string WithoutWallClock(string summaryPath)
    {
        var node = JsonNode.Parse(File.ReadAllText(summaryPath))!.AsObject();
        node.Remove("simulation");
        return node.ToJsonString();
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (var directory in Directory.GetDirectories(from, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(directory.Replace(from, to, StringComparison.Ordinal));
        }

        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            File.Copy(file, file.Replace(from, to, StringComparison.Ordinal));
        }
    }
}
