using System.Globalization;

namespace ClusterSim.Sweeps;

/// <summary>Finds the sweep manifest and the complete point folders in one or more sweep (or shard) folders.</summary>
public static class SweepFolders
{
    /// <summary>The merged view of some sweep folders.</summary>
    /// <param name="Manifest">The sweep's manifest (all folders agree).</param>
    /// <param name="Rows">One row per distinct complete point, by index.</param>
    /// <param name="MissingIndices">Indices of the plan with no complete point in any folder.</param>
    public sealed record Collected(SweepManifest Manifest, IReadOnlyList<SweepRow> Rows, IReadOnlyList<int> MissingIndices);

    /// <summary>The complete point folders directly inside <paramref name="sweepFolder"/>, in name order.</summary>
    public static IReadOnlyList<string> CompletePointFolders(string sweepFolder) =>
        Directory.EnumerateDirectories(sweepFolder, SweepPoint.FolderPrefix + "*")
            .Where(d => !Path.GetFileName(d).Contains(".tmp", StringComparison.Ordinal))
            .Where(SweepRow.IsComplete)
            .OrderBy(d => d, StringComparer.Ordinal)
            .ToArray();

    /// <summary>
    /// Reads every folder's sweep.json (they must describe the same sweep) and complete points; a point present in
    /// several folders is taken once (its identity, a hash of its settings, must agree).
    /// </summary>
    /// <exception cref="SweepException">A folder is missing, has no sweep.json, or belongs to a different sweep.</exception>
    public static Collected Collect(IReadOnlyList<string> folders)
    {
        ArgumentNullException.ThrowIfNull(folders);
        if (folders.Count == 0)
        {
            throw new SweepException("sweep merge: name at least one sweep folder");
        }

        SweepManifest? manifest = null;
        string? manifestFolder = null;
        var rows = new SortedDictionary<int, SweepRow>();
        foreach (var folder in folders)
        {
            if (!Directory.Exists(folder))
            {
                throw new SweepException($"{folder}: no such sweep folder");
            }

            var path = Path.Combine(folder, SweepManifest.FileName);
            if (!File.Exists(path))
            {
                throw new SweepException($"{folder}: no {SweepManifest.FileName}; not a folder written by clustersim sweep");
            }

            var current = SweepManifest.Read(path);
            if (manifest is null)
            {
                manifest = current;
                manifestFolder = folder;
            }
            else if (!manifest.SameSweepAs(current))
            {
                throw new SweepException($"{folder}: belongs to a different sweep than {manifestFolder} (scenario file, --set values or swept values differ)");
            }

            foreach (var pointFolder in CompletePointFolders(folder))
            {
                var row = SweepRow.Read(pointFolder);
                var point = row.Manifest.Point;
                if (rows.TryGetValue(point.Index, out var existing))
                {
                    if (existing.Manifest.Point.Id != point.Id)
                    {
                        throw new SweepException(string.Create(
                            CultureInfo.InvariantCulture,
                            $"{pointFolder}: point {point.Index} has id {point.Id} but another folder has {existing.Manifest.Point.Id}; the folders mix sweeps"));
                    }

                    continue;
                }

                rows.Add(point.Index, row);
            }
        }

        var plan = SweepPlan.Create(manifest!.Parameters);
        foreach (var row in rows.Values)
        {
            var index = row.Manifest.Point.Index;
            if (index >= plan.Points.Count || plan.Points[index].Id != row.Manifest.Point.Id)
            {
                throw new SweepException(string.Create(CultureInfo.InvariantCulture, $"point {index} ({row.Manifest.Point.Id}) is not a point of the sweep in {manifestFolder}"));
            }
        }

        var missing = plan.Points.Select(p => p.Index).Where(i => !rows.ContainsKey(i)).ToArray();
        return new Collected(manifest, rows.Values.ToArray(), missing);
    }
}
