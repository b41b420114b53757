using ClusterSim.RunFolders;

namespace ClusterSim.Cli.Trace;

/// <summary>Finds the files of a finished run folder and says clearly which one is missing.</summary>
public static class RunFolderFiles
{
    /// <summary>The path of <paramref name="fileName"/> in <paramref name="runDirectory"/>; a user error when either is missing.</summary>
    public static string Require(string runDirectory, string fileName)
    {
        if (!Directory.Exists(runDirectory))
        {
            throw new UserErrorException($"{runDirectory}: no such run folder (pass the folder `clustersim run` wrote, e.g. runs/default-20260101-120000)");
        }

        var path = Path.Combine(runDirectory, fileName);
        if (!File.Exists(path))
        {
            ThrowIfParquet(runDirectory, $"reads {fileName}");
            throw new UserErrorException($"{path}: missing; a run folder written by `clustersim run` has {fileName}");
        }

        return path;
    }

    /// <summary>
    /// A user error when the folder holds the Parquet tables of <c>outputs.format: parquet</c> instead of the CSVs that
    /// the trace verbs read; <paramref name="needs"/> says what the verb would have read ("reads requests.csv").
    /// </summary>
    public static void ThrowIfParquet(string runDirectory, string needs)
    {
        var parquet = new[] { RunFolderLayout.RequestsParquet, RunFolderLayout.TimeseriesParquet }
            .FirstOrDefault(name => File.Exists(Path.Combine(runDirectory, name)));
        if (parquet is not null)
        {
            throw new UserErrorException(
                $"{Path.Combine(runDirectory, parquet)}: this run was written with outputs.format: parquet and this verb {needs}; "
                + "read the Parquet tables with pandas or polars (docs/python.md), or run again with --set outputs.format=csv");
        }
    }

    /// <summary>The path of <paramref name="fileName"/> in <paramref name="runDirectory"/>, or null when absent.</summary>
    public static string? Optional(string runDirectory, string fileName)
    {
        var path = Path.Combine(runDirectory, fileName);
        return File.Exists(path) ? path : null;
    }
}
