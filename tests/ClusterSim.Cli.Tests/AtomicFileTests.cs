using ClusterSim.RunFolders;

namespace ClusterSim.Cli.Tests;

public sealed class AtomicFileTests
{
    [Fact]
    public async Task WriteTextAsync_success_leaves_only_the_final_file_with_the_contents()
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "summary.json");

        await AtomicFile.WriteTextAsync(path, (writer, ct) => writer.WriteAsync("{\"ok\":true}".AsMemory(), ct), CancellationToken.None);

        Assert.Equal(["summary.json"], folder.Entries());
        Assert.Equal("{\"ok\":true}", await File.ReadAllTextAsync(path));
    }

    [Fact]
    public async Task WriteAsync_writer_throws_leaves_no_temp_and_no_final_file()
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "requests.csv");

        await Assert.ThrowsAsync<InvalidDataException>(() => AtomicFile.WriteAsync(
            path,
            async (stream, ct) =>
            {
                await stream.WriteAsync(new byte[1000], ct);
                throw new InvalidDataException("writer failed half way");
            },
            CancellationToken.None));

        Assert.Empty(folder.Entries());
    }

    [Fact]
    public async Task WriteAsync_cancelled_while_writing_leaves_no_temp_and_no_final_file()
    {
        using var folder = new TempFolder();
        using var cancellation = new CancellationTokenSource();
        var path = Path.Combine(folder.Path, "trace.json");

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => AtomicFile.WriteTextAsync(
            path,
            async (writer, ct) =>
            {
                await writer.WriteAsync("[{\"ph\":\"X\"".AsMemory(), ct);
                await cancellation.CancelAsync();
                ct.ThrowIfCancellationRequested();
            },
            cancellation.Token));

        Assert.Empty(folder.Entries());
    }

    [Fact]
    public async Task WriteAsync_cancelled_after_the_writer_returns_still_commits_nothing()
    {
        using var folder = new TempFolder();
        using var cancellation = new CancellationTokenSource();
        var path = Path.Combine(folder.Path, "timeseries.csv");

        // The writer ignores the token; the commit step must still notice it.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => AtomicFile.WriteTextAsync(
            path,
            async (writer, _) =>
            {
                await writer.WriteAsync("t,util\n".AsMemory(), CancellationToken.None);
                await cancellation.CancelAsync();
            },
            cancellation.Token));

        Assert.Empty(folder.Entries());
    }

    [Fact]
    public async Task WriteAsync_failure_keeps_the_previous_complete_file()
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "summary.json");
        await File.WriteAllTextAsync(path, "previous");

        await Assert.ThrowsAsync<InvalidOperationException>(() => AtomicFile.WriteTextAsync(
            path,
            (_, _) => throw new InvalidOperationException("failed"),
            CancellationToken.None));

        Assert.Equal(["summary.json"], folder.Entries());
        Assert.Equal("previous", await File.ReadAllTextAsync(path));
    }

    [Fact]
    public async Task WriteAllTextAsync_replaces_an_existing_file()
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "summary.json");
        await File.WriteAllTextAsync(path, "previous");

        await AtomicFile.WriteAllTextAsync(path, "next", CancellationToken.None);

        Assert.Equal("next", await File.ReadAllTextAsync(path));
        Assert.Equal(["summary.json"], folder.Entries());
    }

    [Fact]
    public void PendingFile_while_open_writes_under_a_temporary_name_in_the_same_folder()
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "log.clef");

        using (var pending = PendingFile.Create(path))
        {
            pending.Stream.WriteByte(42);
            var entry = Assert.Single(folder.Entries());
            Assert.Matches("^log\\.clef\\.tmp-[0-9a-f]{8}$", entry);
            Assert.False(File.Exists(path));
        }

        Assert.Empty(folder.Entries());
    }
}
