using ClusterSim.Input;

namespace ClusterSim.Models;

/// <summary>
/// Finds model configs by name ("deepseek-v3" → scenarios/models/deepseek-v3.json) or by path.
/// </summary>
public sealed class ModelCatalog
{
    /// <summary>Relative location of the catalog inside the repository or next to the binaries.</summary>
    public const string RelativeDirectory = "scenarios/models";

    /// <summary>Uses the given directory of config files.</summary>
    public ModelCatalog(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        Directory = directory;
    }

    /// <summary>The directory holding the *.json configs.</summary>
    public string Directory { get; }

    /// <summary>
    /// Locates scenarios/models under <see cref="AppContext.BaseDirectory"/>, then walking up from the current
    /// directory; throws a one-line error when neither has it.
    /// </summary>
    public static ModelCatalog Locate()
    {
        var found = FindDirectory(AppContext.BaseDirectory) ?? FindDirectory(System.IO.Directory.GetCurrentDirectory());
        return found is null
            ? throw new InputException(RelativeDirectory, string.Empty, "model catalog not found next to the program or in any parent of the current directory")
            : new ModelCatalog(found);
    }

    /// <summary>Names of the models in the catalog, sorted.</summary>
    public IReadOnlyList<string> Names()
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            return [];
        }

        var names = System.IO.Directory.GetFiles(Directory, "*.json")
            .Select(Path.GetFileNameWithoutExtension)
            .OfType<string>()
            .ToList();
        names.Sort(StringComparer.Ordinal);
        return names;
    }

    /// <summary>
    /// Loads a model by catalog name or by path (anything containing a directory separator or ending in .json).
    /// </summary>
    public ModelArchitecture Load(string nameOrPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(nameOrPath);
        if (LooksLikePath(nameOrPath))
        {
            if (!File.Exists(nameOrPath))
            {
                throw new InputException(nameOrPath, string.Empty, "model config file not found");
            }

            return ModelConfigReader.ReadFile(nameOrPath);
        }

        // DeepSeek-R1 is published with DeepSeek-V3's config.json; keep one file and accept both names.
        var fileName = string.Equals(nameOrPath, "deepseek-r1", StringComparison.OrdinalIgnoreCase) ? "deepseek-v3" : nameOrPath;
        var path = Path.Combine(Directory, fileName + ".json");
        if (!File.Exists(path))
        {
            throw new InputException(path, string.Empty, $"unknown model \"{nameOrPath}\"; allowed: {string.Join(", ", Names())} or a path to a config.json");
        }

        return ModelConfigReader.ReadFile(path, nameOrPath);
    }

    private static bool LooksLikePath(string text) =>
        text.EndsWith(".json", StringComparison.OrdinalIgnoreCase)
        || text.Contains('/', StringComparison.Ordinal)
        || text.Contains('\\', StringComparison.Ordinal);

    private static string? FindDirectory(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, RelativeDirectory);
            if (System.IO.Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
