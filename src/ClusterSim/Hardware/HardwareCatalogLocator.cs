using ClusterSim.Input;

namespace ClusterSim.Hardware;

/// <summary>Finds the catalog directory, scenarios/hardware, for the CLI and the tests alike.</summary>
public static class HardwareCatalogLocator
{
    /// <summary>The catalog's path relative to a repository or install root.</summary>
    public static readonly string RelativePath = Path.Combine("scenarios", "hardware");

    /// <summary>
    /// Looks next to the executable first (a published install ships scenarios/ beside it), then walks up from
    /// <paramref name="startDirectory"/> (default: the current directory) to the first folder that has
    /// scenarios/hardware, so `dotnet run` from the repository root and `dotnet test` from bin/ both work.
    /// </summary>
    /// <exception cref="InputException">When no such folder exists, naming where it looked.</exception>
    public static string Locate(string? startDirectory = null)
    {
        var besideExecutable = Path.Combine(AppContext.BaseDirectory, RelativePath);
        if (Directory.Exists(besideExecutable))
        {
            return besideExecutable;
        }

        var start = Path.GetFullPath(startDirectory ?? Directory.GetCurrentDirectory());
        return FindUpwards(start)
            ?? throw new InputException(
                RelativePath,
                string.Empty,
                $"catalog directory not found beside the program ({AppContext.BaseDirectory}) nor in {start} or any folder above it; pass a hardware file path instead");
    }

    /// <summary>The first scenarios/hardware at or above <paramref name="start"/>, or null.</summary>
    public static string? FindUpwards(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, RelativePath);
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
