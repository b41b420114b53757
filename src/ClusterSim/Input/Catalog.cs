namespace ClusterSim.Input;

/// <summary>
/// Where named inputs live: scenarios by name, model configs under models/, accelerator files under hardware/.
/// Built once from the program's options and passed to whatever resolves a name; nothing looks for it on its own,
/// so a run never depends on the working directory it was started from.
/// </summary>
public sealed record Catalog
{
    /// <summary>The catalog folder's name beside an installed program and in the repository.</summary>
    public const string FolderName = "scenarios";

    /// <summary>A catalog rooted at <paramref name="scenariosDirectory"/> (the folder holding models/ and hardware/).</summary>
    public Catalog(string scenariosDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(scenariosDirectory);
        ScenariosDirectory = Path.GetFullPath(scenariosDirectory);
    }

    /// <summary>The folder of named scenarios; models/ and hardware/ sit inside it.</summary>
    public string ScenariosDirectory { get; }

    /// <summary>The model configs (Hugging Face config.json files named after the model).</summary>
    public string ModelsDirectory => Path.Combine(ScenariosDirectory, "models");

    /// <summary>The accelerator files.</summary>
    public string HardwareDirectory => Path.Combine(ScenariosDirectory, "hardware");

    /// <summary>
    /// The catalog a program uses: <paramref name="configured"/> when the user set one, else the scenarios/ folder
    /// shipped beside <paramref name="programDirectory"/>. Refuses, in one line, a folder that is not a catalog.
    /// </summary>
    /// <exception cref="InputException">The folder does not exist or has no hardware/ inside.</exception>
    public static Catalog For(string? configured, string programDirectory)
    {
        ArgumentNullException.ThrowIfNull(programDirectory);
        var directory = string.IsNullOrWhiteSpace(configured) ? Path.Combine(programDirectory, FolderName) : configured;
        if (!Directory.Exists(Path.Combine(directory, "hardware")))
        {
            var origin = string.IsNullOrWhiteSpace(configured) ? "shipped beside the program" : "set by Catalog:ScenariosDirectory";
            throw new InputException(directory, string.Empty, $"not a scenario catalog ({origin}): no hardware/ folder inside; set Catalog:ScenariosDirectory (or CLUSTERSIM_Catalog__ScenariosDirectory) to a folder holding hardware/ and models/");
        }

        return new Catalog(directory);
    }

    /// <summary>The scenario file a name stands for (NAME.yaml or NAME under the catalog), or null.</summary>
    public string? FindScenario(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Trim().Length == 0)
        {
            return null;
        }

        foreach (var candidate in new[] { Path.Combine(ScenariosDirectory, name + ".yaml"), Path.Combine(ScenariosDirectory, name) })
        {
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
