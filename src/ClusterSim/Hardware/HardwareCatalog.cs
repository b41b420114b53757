using ClusterSim.Input;

namespace ClusterSim.Hardware;

/// <summary>The accelerator files of one directory, loaded by name ("h200") or by path.</summary>
public sealed class HardwareCatalog
{
    /// <summary>A catalog over the *.yaml files of <paramref name="directory"/>.</summary>
    public HardwareCatalog(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        Directory = directory;
    }

    /// <summary>The catalog directory.</summary>
    public string Directory { get; }

    /// <summary>The catalog found by <see cref="HardwareCatalogLocator.Locate"/>.</summary>
    public static HardwareCatalog FindDefault() => new(HardwareCatalogLocator.Locate());

    /// <summary>The accelerator names available: file names without ".yaml", lower case, sorted.</summary>
    public IReadOnlyList<string> Names =>
        System.IO.Directory.Exists(Directory)
            ? System.IO.Directory.EnumerateFiles(Directory, "*.yaml")
                .Select(f => Path.GetFileNameWithoutExtension(f).ToLowerInvariant())
                .Order(StringComparer.Ordinal)
                .ToArray()
            : [];

    /// <summary>True when <paramref name="name"/> (case-insensitive) is in the catalog.</summary>
    public bool Contains(string name) => Names.Contains(Normalize(name), StringComparer.Ordinal);

    /// <summary>
    /// Loads an accelerator by catalog name ("h200", "H200", "tpu-v5p") or, when the argument looks like a
    /// path (has a directory separator or ends in .yaml/.yml), from that file.
    /// </summary>
    /// <exception cref="InputException">For an unknown name (listing the known ones) or any problem in the file.</exception>
    public AcceleratorSpec Load(string nameOrPath)
    {
        ArgumentNullException.ThrowIfNull(nameOrPath);
        if (LooksLikePath(nameOrPath))
        {
            return AcceleratorSpecReader.Read(nameOrPath);
        }

        var name = Normalize(nameOrPath);
        var names = Names;
        if (!names.Contains(name, StringComparer.Ordinal))
        {
            throw new InputException(
                Directory,
                string.Empty,
                $"no hardware named '{nameOrPath}';{NearestName.DidYouMean(name, names)} known: {(names.Count == 0 ? "none" : string.Join(", ", names))}");
        }

        return AcceleratorSpecReader.Read(PathOf(name));
    }

    /// <summary>Loads every accelerator in the catalog, in name order.</summary>
    public IReadOnlyList<AcceleratorSpec> LoadAll() => Names.Select(n => AcceleratorSpecReader.Read(PathOf(n))).ToArray();

    private string PathOf(string name) =>
        System.IO.Directory.EnumerateFiles(Directory, "*.yaml")
            .First(f => Path.GetFileNameWithoutExtension(f).Equals(name, StringComparison.OrdinalIgnoreCase));

    private static string Normalize(string name) => name.Trim().ToLowerInvariant();

    private static bool LooksLikePath(string text) =>
        text.Contains('/', StringComparison.Ordinal) || text.Contains('\\', StringComparison.Ordinal)
        || text.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || text.EndsWith(".yml", StringComparison.OrdinalIgnoreCase);
}
