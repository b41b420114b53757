using ClusterSim.Cli.Output;

namespace ClusterSim.Cli.Tests;

public sealed class RunFolderTests
{
    private static readonly DateTime Start = new(2026, 11, 29, 4, 5, 6, DateTimeKind.Local);

    [Fact]
    public void Create_with_out_refuses_an_existing_non_empty_folder_without_force()
    {
        using var folder = new TempFolder();
        var target = Path.Combine(folder.Path, "run1");
        Directory.CreateDirectory(target);
        File.WriteAllText(Path.Combine(target, "notes.txt"), "keep me");

        var error = Assert.Throws<UserErrorException>(() => RunFolder.Create(target, "dsv3", force: false, folder.Path, Start));

        Assert.Contains("exists and is not empty", error.Message, StringComparison.Ordinal);
        Assert.Contains("--force", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Create_with_out_and_force_refuses_a_folder_that_is_not_a_run_folder_and_leaves_it_untouched()
    {
        using var folder = new TempFolder();
        var target = Path.Combine(folder.Path, "run1");
        Directory.CreateDirectory(target);
        File.WriteAllText(Path.Combine(target, "log.clef"), "{}");
        File.WriteAllText(Path.Combine(target, "notes.txt"), "keep me");

        var error = Assert.Throws<UserErrorException>(() => RunFolder.Create(target, "dsv3", force: true, folder.Path, Start));

        Assert.Contains("'notes.txt', which no run writes", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        Assert.True(File.Exists(Path.Combine(target, "notes.txt")));
        Assert.True(File.Exists(Path.Combine(target, "log.clef")));
    }

    [Fact]
    public void Create_with_out_and_force_refuses_a_folder_without_log_or_summary()
    {
        using var folder = new TempFolder();
        var target = Path.Combine(folder.Path, "run1");
        Directory.CreateDirectory(target);
        File.WriteAllText(Path.Combine(target, "report.html"), "<html/>");

        var error = Assert.Throws<UserErrorException>(() => RunFolder.Create(target, "dsv3", force: true, folder.Path, Start));

        Assert.Contains("has no log.clef or summary.json", error.Message, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(target, "report.html")));
    }

    [Fact]
    public void Create_with_out_and_force_empties_a_run_folder_including_temporary_files_of_a_killed_run()
    {
        using var folder = new TempFolder();
        var target = Path.Combine(folder.Path, "run1");
        Directory.CreateDirectory(target);
        foreach (var name in new[] { "summary.json", "trace.json", "report.html", "requests.csv.tmp-0a1b2c3d", "log.clef.tmp-99aa88bb" })
        {
            File.WriteAllText(Path.Combine(target, name), "old");
        }

        var run = RunFolder.Create(target, "dsv3", force: true, folder.Path, Start);

        Assert.Equal(Path.GetFullPath(target), run.FullPath);
        Assert.Empty(Directory.EnumerateFileSystemEntries(target));
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void Create_with_an_empty_out_is_a_one_line_error(string outDirectory)
    {
        using var folder = new TempFolder();

        var error = Assert.Throws<UserErrorException>(() => RunFolder.Create(outDirectory, "dsv3", force: false, folder.Path, Start));

        Assert.StartsWith("--out is empty", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_with_out_accepts_an_existing_empty_folder_and_creates_a_missing_one()
    {
        using var folder = new TempFolder();
        var empty = Path.Combine(folder.Path, "empty");
        Directory.CreateDirectory(empty);
        var missing = Path.Combine(folder.Path, "a", "b");

        var first = RunFolder.Create(empty, "dsv3", force: false, folder.Path, Start);
        var second = RunFolder.Create(missing, "dsv3", force: false, folder.Path, Start);

        Assert.True(first.WasNamedByUser);
        Assert.True(Directory.Exists(second.FullPath));
    }

    [Fact]
    public void Create_without_out_names_the_folder_after_scenario_and_start_time()
    {
        using var folder = new TempFolder();

        var run = RunFolder.Create(null, "dsv3-h200", force: false, folder.Path, Start);

        Assert.Equal(Path.Combine(folder.Path, "dsv3-h200-20261129-040506"), run.FullPath);
        Assert.False(run.WasNamedByUser);
        Assert.True(Directory.Exists(run.FullPath));
    }

    [Fact]
    public void Create_without_out_twice_in_one_second_gets_a_numbered_second_folder()
    {
        using var folder = new TempFolder();

        var first = RunFolder.Create(null, "dsv3", force: false, folder.Path, Start);
        var second = RunFolder.Create(null, "dsv3", force: false, folder.Path, Start);

        Assert.Equal("dsv3-20261129-040506", Path.GetFileName(first.FullPath));
        Assert.Equal("dsv3-20261129-040506-2", Path.GetFileName(second.FullPath));
    }

    [Fact]
    public void Create_with_out_naming_a_file_is_refused()
    {
        using var folder = new TempFolder();
        var file = Path.Combine(folder.Path, "x");
        File.WriteAllText(file, "x");

        Assert.Throws<UserErrorException>(() => RunFolder.Create(file, "dsv3", force: true, folder.Path, Start));
    }
}
