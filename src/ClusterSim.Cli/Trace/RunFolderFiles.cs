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
            throw new UserErrorException($"{path}: missing; a run folder written by `clustersim run` has {fileName}");
        }

        return path;
    }

    /// <summary>The path of <paramref name="fileName"/> in <paramref name="runDirectory"/>, or null when absent.</summary>
    public static string? Optional(string runDirectory, string fileName)
    {
        var path = Path.Combine(runDirectory, fileName);
        return File.Exists(path) ? path : null;
    }
}
