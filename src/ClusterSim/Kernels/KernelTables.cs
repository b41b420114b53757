using ClusterSim.Input;

namespace ClusterSim.Kernels;

/// <summary>The kernel tables of one accelerator: every <c>&lt;class&gt;.csv</c> in <c>scenarios/kernels/&lt;hardware&gt;/</c>.</summary>
public sealed class KernelTables
{
    private readonly Dictionary<KernelClass, KernelTable> tables;

    private KernelTables(string hardware, Dictionary<KernelClass, KernelTable> tables)
    {
        Hardware = hardware;
        this.tables = tables;
    }

    /// <summary>The hardware name (the folder name).</summary>
    public string Hardware { get; }

    /// <summary>The tables present, in class order.</summary>
    public IReadOnlyList<KernelTable> All => tables.OrderBy(p => p.Key).Select(p => p.Value).ToArray();

    /// <summary>The kernels/ folder of <paramref name="catalog"/>.</summary>
    public static string DirectoryOf(Catalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return Path.Combine(catalog.ScenariosDirectory, "kernels");
    }

    /// <summary>Loads the tables of <paramref name="hardware"/> under <paramref name="kernelsDirectory"/>; none when the folder is absent.</summary>
    /// <exception cref="InputException">For a file that is not a known class or is malformed.</exception>
    public static KernelTables Load(string kernelsDirectory, string hardware)
    {
        ArgumentNullException.ThrowIfNull(kernelsDirectory);
        ArgumentNullException.ThrowIfNull(hardware);
        var folder = Path.Combine(kernelsDirectory, hardware.ToLowerInvariant());
        var loaded = new Dictionary<KernelClass, KernelTable>();
        if (Directory.Exists(folder))
        {
            foreach (var file in Directory.EnumerateFiles(folder, "*.csv").Order(StringComparer.Ordinal))
            {
                var table = KernelTableReader.Read(file);
                loaded[table.Class] = table;
            }
        }

        return new KernelTables(hardware, loaded);
    }

    /// <summary>
    /// The catalog's tables for a hardware named by its catalog name ("h800"), or null when the catalog has none for
    /// it or the scenario gives a hardware file by path (a custom chip has no measurements).
    /// </summary>
    public static KernelTables? OfCatalog(Catalog catalog, string hardwareNameOrPath)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(hardwareNameOrPath);
        if (hardwareNameOrPath.Length == 0 || hardwareNameOrPath.IndexOfAny(['/', '\\', '.']) >= 0)
        {
            return null;
        }

        var tables = Load(DirectoryOf(catalog), hardwareNameOrPath);
        return tables.tables.Count > 0 ? tables : null;
    }

    /// <summary>The hardware names that have a folder under <paramref name="kernelsDirectory"/>, sorted.</summary>
    public static IReadOnlyList<string> Names(string kernelsDirectory) =>
        Directory.Exists(kernelsDirectory)
            ? Directory.EnumerateDirectories(kernelsDirectory).Select(d => Path.GetFileName(d)!).Order(StringComparer.Ordinal).ToArray()
            : [];

    /// <summary>The table of a class, or null when the accelerator has none (the caller uses the roofline).</summary>
    public KernelTable? For(KernelClass kernel) => tables.GetValueOrDefault(kernel);
}
