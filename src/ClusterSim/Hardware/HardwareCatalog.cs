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

    /// <summary>The hardware/ folder of <paramref name="catalog"/>.</summary>
    public static HardwareCatalog Of(Catalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new HardwareCatalog(catalog.HardwareDirectory);
    }

    /// <summary>The accelerator names available: file names without ".yaml", lower case, sorted.</summary>
    public IReadOnlyList<string> Names =>
        System.IO.Directory.Exists(Directory)
            ? System.IO.Directory.EnumerateFiles(Directory, "*.yaml")
                .Select(f => Path.GetFileNameWithoutExtension(f).ToLowerInvariant())
                .Order(StringComparer.Ordinal)
                .ToArray()
            : [];

    /// <summary>
    /// Loads an accelerator by catalog name ("h200", "H200", "tpu-v5p") or, when the argument looks like a
    /// path (has a directory separator or ends in .yaml/.yml), from that file.
    /// </summary>
    /// <param name="nameOrPath">A catalog name (exact, any case) or a hardware file.</param>
    /// <param name="file">Where the name was given (a scenario file, a command), for errors; the catalog folder when null.</param>
    /// <param name="keyPath">The key that gave it, for errors.</param>
    /// <exception cref="InputException">For an unknown name (the nearest and the whole list) or any problem in the file.</exception>
    public AcceleratorSpec Load(string nameOrPath, string? file = null, string keyPath = "")
    {
        ArgumentNullException.ThrowIfNull(nameOrPath);
        if (CatalogName.LooksLikePath(nameOrPath, ".yaml", ".yml"))
        {
            return AcceleratorSpecReader.Read(nameOrPath);
        }

        var name = CatalogName.Resolve(nameOrPath, Names, "hardware", file ?? Directory, keyPath);
        return AcceleratorSpecReader.Read(PathOf(name));
    }

    /// <summary>Loads every accelerator in the catalog, in name order.</summary>
    public IReadOnlyList<AcceleratorSpec> LoadAll() => Names.Select(n => AcceleratorSpecReader.Read(PathOf(n))).ToArray();

    private string PathOf(string name) =>
        System.IO.Directory.EnumerateFiles(Directory, "*.yaml")
            .First(f => Path.GetFileNameWithoutExtension(f).Equals(name, StringComparison.OrdinalIgnoreCase));
}
