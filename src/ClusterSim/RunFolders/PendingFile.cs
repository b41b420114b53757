using System.Security.Cryptography;

namespace ClusterSim.RunFolders;

/// <summary>
/// A file being written under a temporary name ("name.tmp-1a2b3c4d") in its final folder; <see cref="Commit"/>
/// moves it to the final name, disposing without commit deletes it.
/// </summary>
/// <remarks>
/// Same folder so the final move is a rename on one volume: readers see either the old file or the whole new
/// one, never a prefix. Use it for outputs written over a whole run (requests.csv, log.clef).
/// </remarks>
public sealed class PendingFile : IRunFile, IAsyncDisposable
{
    /// <summary>What separates the final name from the random suffix of the temporary name.</summary>
    public const string TemporaryMarker = ".tmp-";

    private readonly FileStream stream;
    private bool finished;

    private PendingFile(string finalPath, string temporaryPath, FileStream stream)
    {
        FinalPath = finalPath;
        TemporaryPath = temporaryPath;
        this.stream = stream;
    }

    /// <summary>The name the file gets on commit.</summary>
    public string FinalPath { get; }

    /// <summary>The name the file has while it is written.</summary>
    public string TemporaryPath { get; }

    /// <summary>The stream to write; valid until commit or dispose.</summary>
    public Stream Stream => finished ? throw new ObjectDisposedException(TemporaryPath) : stream;

    /// <summary>Creates the temporary file beside <paramref name="finalPath"/>; its folder must exist.</summary>
    public static PendingFile Create(string finalPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(finalPath);
        var full = Path.GetFullPath(finalPath);
        // Random suffix (not the simulation's streams): two writers of one name must not share a temp file.
        var suffix = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        var temporary = full + TemporaryMarker + suffix;
        OpenTemporaryFiles.Add(temporary);
        try
        {
            var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.Read, 64 * 1024, useAsync: true);
            return new PendingFile(full, temporary, stream);
        }
        catch
        {
            OpenTemporaryFiles.Remove(temporary);
            throw;
        }
    }

    /// <summary>Flushes to disk, closes and renames to the final name, replacing any file there.</summary>
    public void Commit()
    {
        ObjectDisposedException.ThrowIf(finished, this);
        finished = true;
        try
        {
            stream.Flush(flushToDisk: true);
            stream.Dispose();
            File.Move(TemporaryPath, FinalPath, overwrite: true);
            OpenTemporaryFiles.Remove(TemporaryPath);
        }
        catch
        {
            Discard();
            throw;
        }
    }

    /// <summary>Flushes to disk, closes and renames to the final name, replacing any file there.</summary>
    public async Task CommitAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(finished, this);
        try
        {
            await stream.FlushAsync(cancellationToken);
        }
        catch
        {
            finished = true;
            Discard();
            throw;
        }

        Commit();
    }

    /// <summary>Deletes the temporary file unless committed.</summary>
    public void Dispose()
    {
        if (finished)
        {
            return;
        }

        finished = true;
        Discard();
    }

    /// <summary>Deletes the temporary file unless committed.</summary>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private void Discard()
    {
        stream.Dispose();
        File.Delete(TemporaryPath);
        OpenTemporaryFiles.Remove(TemporaryPath);
    }
}
