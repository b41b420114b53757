using ClusterSim.DeploymentSearch;

namespace ClusterSim.Cli.Plan;

/// <summary>
/// The plan folder: chosen and checked before the search starts (an existing non-empty folder is refused unless
/// --force, and --force replaces only a plan folder, one holding results.json), then written whole into a temporary
/// sibling folder and renamed into place, so a reader never sees half a plan.
/// </summary>
public static class PlanFolder
{
    /// <summary>The full path of the plan folder; refuses what --force may not replace.</summary>
    /// <exception cref="UserErrorException">The folder is a file, or not empty and not replaceable.</exception>
    public static string Check(string? outDirectory, string planName, bool force, string runsDirectory)
    {
        var shown = outDirectory ?? Path.Combine(runsDirectory, planName + "-plan");
        var full = Path.GetFullPath(shown);
        if (File.Exists(full))
        {
            throw new UserErrorException($"{shown}: --out names a file; give a folder path");
        }

        if (Directory.Exists(full) && Directory.EnumerateFileSystemEntries(full).Any())
        {
            if (!force)
            {
                throw new UserErrorException($"{shown}: the plan folder exists and is not empty; choose another --out or pass --force to replace the plan in it");
            }

            if (!File.Exists(Path.Combine(full, PlanResults.FileName)))
            {
                throw new UserErrorException($"{shown}: --force replaces only a plan folder, and this folder has no {PlanResults.FileName}; choose another --out");
            }
        }

        return full;
    }

    /// <summary>Writes the folder's files through <paramref name="write"/> into a temporary folder, then renames it to <paramref name="full"/>.</summary>
    public static void Commit(string full, Action<string> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        var temporary = full.TrimEnd(Path.DirectorySeparatorChar) + ".tmp-" + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (Directory.Exists(temporary))
        {
            Directory.Delete(temporary, recursive: true);
        }

        Directory.CreateDirectory(temporary);
        try
        {
            write(temporary);
            if (Directory.Exists(full))
            {
                // Checked before the search: empty, or a plan folder being replaced with --force.
                Directory.Delete(full, recursive: true);
            }

            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            Directory.Move(temporary, full);
        }
        catch
        {
            Directory.Delete(temporary, recursive: true);
            throw;
        }
    }
}
