using System.Text;

namespace ClusterSim.RunFolders;

/// <summary>Writes a whole file so that its final name only ever holds complete contents.</summary>
/// <remarks>
/// The writer fills "name.tmp-random" in the same folder; after it returns the data is flushed to disk and the
/// temporary file is moved over the final name. If the writer throws or the token is cancelled the temporary
/// file is deleted and the final name is left as it was (absent or the previous complete file).
/// </remarks>
public static class AtomicFile
{
    /// <summary>UTF-8 without a byte-order mark, the encoding of every text output.</summary>
    public static Encoding Utf8 { get; } = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Writes <paramref name="path"/> through a stream.</summary>
    public static async Task WriteAsync(string path, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(write);
        cancellationToken.ThrowIfCancellationRequested();
        await using var pending = PendingFile.Create(path);
        await write(pending.Stream, cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        await pending.CommitAsync(cancellationToken);
    }

    /// <summary>Writes <paramref name="path"/> as UTF-8 text (no BOM, "\n" line ends).</summary>
    public static Task WriteTextAsync(string path, Func<TextWriter, CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(write);
        return WriteAsync(
            path,
            async (stream, ct) =>
            {
                await using var writer = new StreamWriter(stream, Utf8, bufferSize: 64 * 1024, leaveOpen: true) { NewLine = "\n" };
                await write(writer, ct);
                await writer.FlushAsync(ct);
            },
            cancellationToken);
    }

    /// <summary>Writes <paramref name="path"/> with the given complete text.</summary>
    public static Task WriteAllTextAsync(string path, string contents, CancellationToken cancellationToken) =>
        WriteTextAsync(path, (writer, ct) => writer.WriteAsync(contents.AsMemory(), ct), cancellationToken);

    /// <summary>Writes <paramref name="path"/> through a stream, synchronously.</summary>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        using var pending = PendingFile.Create(path);
        write(pending.Stream);
        pending.Commit();
    }
}
