using System.Collections.Concurrent;

namespace ClusterSim.RunFolders;

/// <summary>
/// The temporary files of this process not yet committed or discarded, so that a process about to die (a second
/// Ctrl-C) can delete them instead of leaving <c>name.tmp-…</c> files that look like a run in progress.
/// </summary>
/// <remarks>
/// Process-wide on purpose: the signal handler that kills the process knows nothing of the runs in flight. Two
/// dictionary operations per file (not per row) is the whole cost on the normal path.
/// </remarks>
public static class OpenTemporaryFiles
{
    private static readonly ConcurrentDictionary<string, byte> Paths = new(StringComparer.Ordinal);
    private static volatile bool stopping;

    /// <summary>Deletes every temporary file still open and refuses new ones; returns how many were deleted.</summary>
    public static int DeleteAll()
    {
        stopping = true;
        var deleted = 0;
        foreach (var path in Paths.Keys)
        {
            try
            {
                File.Delete(path);
                deleted++;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Best effort on the way out: the process dies next whatever happens here.
            }
        }

        return deleted;
    }

    internal static void Add(string temporaryPath)
    {
        if (stopping)
        {
            throw new IOException($"{temporaryPath}: the process is stopping; no new file is started");
        }

        Paths.TryAdd(temporaryPath, 0);
    }

    internal static void Remove(string temporaryPath) => Paths.TryRemove(temporaryPath, out _);
}
