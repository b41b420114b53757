using ClusterSim.Input;

namespace ClusterSim.Models;

/// <summary>
/// Finds model configs by name ("deepseek-v3" → models/deepseek-v3.json) or by path. Aliases name published models
/// that ship another model's config.json: DeepSeek-R1 is DeepSeek-V3's architecture, so one file serves both.
/// </summary>
public sealed class ModelCatalog
{
    private static readonly IReadOnlyDictionary<string, string> Aliases = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["deepseek-r1"] = "deepseek-v3",
    };

    /// <summary>Uses the given directory of config files.</summary>
    public ModelCatalog(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        Directory = directory;
    }

    /// <summary>The directory holding the *.json configs.</summary>
    public string Directory { get; }

    /// <summary>The models/ folder of <paramref name="catalog"/>.</summary>
    public static ModelCatalog Of(Catalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new ModelCatalog(catalog.ModelsDirectory);
    }

    /// <summary>Names a user may type, sorted: each config file's name, and each alias whose file is present.</summary>
    public IReadOnlyList<string> Names()
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            return [];
        }

        var files = System.IO.Directory.GetFiles(Directory, "*.json")
            .Select(Path.GetFileNameWithoutExtension)
            .OfType<string>()
            .ToList();
        var names = files.Concat(Aliases.Where(a => files.Contains(a.Value, StringComparer.Ordinal)).Select(a => a.Key)).ToList();
        names.Sort(StringComparer.Ordinal);
        return names;
    }

    /// <summary>The config file a name or path stands for.</summary>
    /// <param name="nameOrPath">A catalog name (exact, any case), an alias, or a path to a config.json.</param>
    /// <param name="file">Where the name was given, for errors; the catalog folder when null.</param>
    /// <param name="keyPath">The key that gave it, for errors.</param>
    /// <exception cref="InputException">Unknown name (with the nearest and the list) or missing file.</exception>
    public string PathOf(string nameOrPath, string? file = null, string keyPath = "")
    {
        ArgumentNullException.ThrowIfNull(nameOrPath);
        if (CatalogName.LooksLikePath(nameOrPath, ".json"))
        {
            return File.Exists(nameOrPath) ? Path.GetFullPath(nameOrPath) : throw new InputException(file ?? nameOrPath, keyPath, $"model config file '{nameOrPath}' not found");
        }

        var name = CatalogName.Resolve(nameOrPath, Names(), "model", file ?? Directory, keyPath);
        return Path.Combine(Directory, (Aliases.TryGetValue(name, out var target) ? target : name) + ".json");
    }

    /// <summary>
    /// Loads a model by catalog name or by path (anything containing a directory separator or ending in .json); a model
    /// loaded by name carries that name (so "deepseek-r1" reads as DeepSeek-R1 with V3's architecture).
    /// </summary>
    public ModelArchitecture Load(string nameOrPath, string? file = null, string keyPath = "")
    {
        var path = PathOf(nameOrPath, file, keyPath);
        return CatalogName.LooksLikePath(nameOrPath, ".json") ? ModelConfigReader.ReadFile(path) : ModelConfigReader.ReadFile(path, NameOf(nameOrPath));
    }

    private string NameOf(string given) => Names().First(n => n.Equals(given.Trim(), StringComparison.OrdinalIgnoreCase));
}
