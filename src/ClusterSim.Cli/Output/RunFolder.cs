using System.Globalization;
using ClusterSim.RunFolders;

namespace ClusterSim.Cli.Output;

/// <summary>The output folder of one run, created before anything is written into it.</summary>
/// <remarks>
/// With --out the folder is exactly the one named (deterministic, scripts can find it); an existing non-empty
/// folder is refused unless --force, which first empties it so that it holds the new run only (an old
/// timeseries.csv or trace.json would otherwise be read as the new run's). --force empties only a run folder:
/// every entry a run-folder file (or a temporary file of one, left by a killed run) and a log.clef or summary.json
/// among them; anything else is refused, so a mistyped --out never wipes a user's folder. Without --out the folder is
/// {runsDirectory}/{scenario}-{yyyyMMdd-HHmmss} in local time, with "-2", "-3"... appended when two runs start
/// in the same second.
/// </remarks>
public sealed class RunFolder
{
    private RunFolder(string path, bool wasNamedByUser)
    {
        FullPath = path;
        WasNamedByUser = wasNamedByUser;
    }

    /// <summary>The absolute path of the folder.</summary>
    public string FullPath { get; }

    /// <summary>True when the user chose the folder with --out.</summary>
    public bool WasNamedByUser { get; }

    /// <summary>The absolute path of a file inside the folder.</summary>
    public string File(string fileName) => Path.Combine(FullPath, fileName);

    /// <summary>Creates (or, with --force, reuses) the folder for a run of <paramref name="scenarioName"/>.</summary>
    /// <param name="outDirectory">The --out value, or null for a default folder.</param>
    /// <param name="scenarioName">The scenario's name, used in default folder names.</param>
    /// <param name="force">The --force flag: accept an existing non-empty --out folder.</param>
    /// <param name="runsDirectory">Parent of default folders (RunsOptions.Directory).</param>
    /// <param name="localStartTime">Start of the run in local time (wall clock, never simulated time).</param>
    /// <exception cref="UserErrorException">The folder exists and is not empty and force is off, or cannot be created.</exception>
    public static RunFolder Create(string? outDirectory, string scenarioName, bool force, string runsDirectory, DateTime localStartTime)
    {
        ArgumentException.ThrowIfNullOrEmpty(scenarioName);
        ArgumentException.ThrowIfNullOrEmpty(runsDirectory);
        return outDirectory is null
            ? CreateDefault(scenarioName, runsDirectory, localStartTime)
            : CreateNamed(outDirectory, force);
    }

    private static RunFolder CreateNamed(string outDirectory, bool force)
    {
        if (string.IsNullOrWhiteSpace(outDirectory))
        {
            throw new UserErrorException("--out is empty; give a folder path (or leave --out out for a folder under runs/)");
        }

        var full = Path.GetFullPath(outDirectory);
        if (System.IO.File.Exists(full))
        {
            throw new UserErrorException($"{outDirectory}: --out names a file; give a folder path");
        }

        if (Directory.Exists(full) && Directory.EnumerateFileSystemEntries(full).Any())
        {
            if (!force)
            {
                throw new UserErrorException(
                    $"{outDirectory}: the output folder exists and is not empty; choose another --out or pass --force to replace the run in it");
            }

            EmptyRunFolder(full, outDirectory);
        }

        CreateDirectory(full, outDirectory);
        return new RunFolder(full, wasNamedByUser: true);
    }

    private static RunFolder CreateDefault(string scenarioName, string runsDirectory, DateTime localStartTime)
    {
        var stamp = localStartTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        var baseName = SafeName(scenarioName) + "-" + stamp;
        var parent = Path.GetFullPath(runsDirectory);
        for (var attempt = 1; ; attempt++)
        {
            var name = attempt == 1 ? baseName : baseName + "-" + attempt.ToString(CultureInfo.InvariantCulture);
            var full = Path.Combine(parent, name);
            if (!Directory.Exists(full) && !System.IO.File.Exists(full))
            {
                CreateDirectory(full, Path.Combine(runsDirectory, name));
                return new RunFolder(full, wasNamedByUser: false);
            }
        }
    }

    // Checks every entry before deleting any, so a refused folder is left exactly as it was.
    private static void EmptyRunFolder(string full, string shownPath)
    {
        var entries = Directory.EnumerateFileSystemEntries(full).Order(StringComparer.Ordinal).ToArray();
        var names = entries.Select(Path.GetFileName).ToArray();
        var foreign = entries.FirstOrDefault(e => Directory.Exists(e) || !RunFolderLayout.IsRunFile(Path.GetFileName(e)));
        if (foreign is not null)
        {
            throw new UserErrorException(
                $"{shownPath}: --force replaces only a run folder, and this folder holds '{Path.GetFileName(foreign)}', which no run writes; choose another --out");
        }

        if (!names.Any(name => IsRunMarker(name!)))
        {
            throw new UserErrorException(
                $"{shownPath}: --force replaces only a run folder, and this folder has no {RunFolderLayout.Log} or {RunFolderLayout.Summary}; choose another --out");
        }

        try
        {
            foreach (var entry in entries)
            {
                System.IO.File.Delete(entry);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UserErrorException($"{shownPath}: cannot remove the previous run's files: {e.Message}", e);
        }
    }

    // A run opens log.clef first and writes summary.json last: one of them (or its temporary file) is in every run folder.
    private static bool IsRunMarker(string name) =>
        name.StartsWith(RunFolderLayout.Log, StringComparison.Ordinal) || name.StartsWith(RunFolderLayout.Summary, StringComparison.Ordinal);

    private static void CreateDirectory(string full, string shownPath)
    {
        try
        {
            Directory.CreateDirectory(full);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UserErrorException($"{shownPath}: cannot create the output folder: {e.Message}", e);
        }
    }

    // Scenario names come from file names; keep folder names portable across file systems.
    private static string SafeName(string scenarioName)
    {
        var invalid = Path.GetInvalidFileNameChars();
        var chars = scenarioName.Select(c => invalid.Contains(c) || char.IsWhiteSpace(c) ? '_' : c).ToArray();
        return new string(chars);
    }
}
